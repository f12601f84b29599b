import { randomBytes } from 'node:crypto'
import { beginTotpEnrolment, confirmTotpEnrolment, isVigilError } from '@vigil/core'
import { TOTP } from 'otpauth'
import { expect, it } from 'vitest'
import { createSecretBox } from '../secrets/secret-box.js'
import { seedUser } from '../test-support/auth-fixtures.js'
import { describeEachDatabase } from '../test-support/test-database.js'
import { createAuthDeps } from './auth-deps.js'

describeEachDatabase('TOTP seeds sealed with the data key', (database) => {
  const scrypt = { N: 1024, r: 8, p: 1 }

  it('stores the seed sealed, still verifies codes, and will not open under another user or key', async () => {
    const box = createSecretBox(randomBytes(32))
    const deps = createAuthDeps(database().db, { scrypt, secretBox: box })
    const alice = await seedUser(deps, { roles: ['analyst'] })
    const bob = await seedUser(deps, { roles: ['analyst'] })
    const { secret } = await beginTotpEnrolment(deps, alice.actor)
    const row = await database().db.selectFrom('users').select('totp_secret').where('id', '=', alice.user.id).executeTakeFirstOrThrow()
    const sealed = row.totp_secret ?? ''
    expect(sealed.startsWith('v1:')).toBe(true)
    expect(sealed).not.toContain(secret)

    const code = new TOTP({ secret }).generate()
    await expect(confirmTotpEnrolment(deps, alice.actor, code)).resolves.toMatchObject({ recoveryCodes: expect.any(Array) })
    expect((await deps.signIn.findLoginRecord(alice.user.email))?.totpSecret).toBe(secret)

    // The sealed value copied onto another user's row does not open there.
    await database().db.updateTable('users').set({ totp_secret: sealed }).where('id', '=', bob.user.id).execute()
    await expect(deps.signIn.findLoginRecord(bob.user.email)).rejects.toSatisfy((e) => isVigilError(e, 'CONFIG_INVALID'))
    // Nor under another key, nor without one.
    const otherKey = createAuthDeps(database().db, { scrypt, secretBox: createSecretBox(randomBytes(32)) })
    await expect(otherKey.signIn.findLoginRecord(alice.user.email)).rejects.toSatisfy((e) => isVigilError(e, 'CONFIG_INVALID'))
    const noKey = createAuthDeps(database().db, { scrypt })
    await expect(noKey.signIn.findLoginRecord(alice.user.email)).rejects.toSatisfy((e) => isVigilError(e, 'CONFIG_INVALID'))
  })

  it('reads a seed stored in clear before sealing existed, and seals it at the next enrolment', async () => {
    const deps = createAuthDeps(database().db, { scrypt, secretBox: createSecretBox(randomBytes(32)) })
    const carol = await seedUser(deps, { roles: ['analyst'] })
    await database().db.updateTable('users').set({ totp_secret: 'JBSWY3DPEHPK3PXP' }).where('id', '=', carol.user.id).execute()
    expect((await deps.signIn.findLoginRecord(carol.user.email))?.totpSecret).toBe('JBSWY3DPEHPK3PXP')
    const { secret } = await beginTotpEnrolment(deps, carol.actor)
    const row = await database().db.selectFrom('users').select('totp_secret').where('id', '=', carol.user.id).executeTakeFirstOrThrow()
    expect(row.totp_secret?.startsWith('v1:')).toBe(true)
    expect((await deps.signIn.findLoginRecord(carol.user.email))?.totpSecret).toBe(secret)
  })
})
