import { rm } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { ApiToken, CreatedApiToken, OneTimeLink, Org, User } from '@vigil/contracts'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describe('vigil admin', async () => {
  const dataDir = await createMigratedDataDir('vigil-admin-')
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const env = { VIGIL_DATA_DIR: dataDir }
  const vigil = async (argv: string[], stdin?: string) => {
    const io = stdin === undefined ? captureIo(env) : { ...captureIo(env), stdin: Readable.from([stdin]) }
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }

  it('creates, lists and suspends organisations, users and tokens, printing JSON records', async () => {
    const created = await vigil([
      'admin',
      'org',
      'create',
      '--name',
      'State Agency',
      '--kind',
      'government',
      '--domain',
      'Agency.GOV',
      '--json',
    ])
    expect(created.err).toBe('')
    const org = Org.parse(JSON.parse(created.out))
    expect(org).toMatchObject({
      name: 'State Agency',
      kind: 'government',
      domains: ['agency.gov'],
      status: 'active',
      stixId: `identity--${org.id}`,
    })

    const user = User.parse(
      JSON.parse(
        (
          await vigil(
            [
              'admin',
              'user',
              'create',
              '--org',
              'State Agency',
              '--email',
              'Ana@Agency.gov',
              '--role',
              'requester',
              '--password-stdin',
              '--json',
            ],
            'a long enough password\n',
          )
        ).out,
      ),
    )
    expect(user).toMatchObject({ email: 'ana@agency.gov', roles: ['requester'], orgId: org.id })
    expect(JSON.stringify(user)).not.toMatch(/password|scrypt/)

    const token = await vigil(['admin', 'token', 'create', '--user', 'ana@agency.gov', '--name', 'taxii', '--expires-in', '90d', '--json'])
    const { token: record, secret } = CreatedApiToken.parse(JSON.parse(token.out))
    expect(secret).toMatch(/^vgl_[\w-]{43}$/)
    expect(Date.parse(record.expiresAt ?? '') - Date.parse(record.createdAt)).toBe(90 * 24 * 3600 * 1000)

    const listed = ApiToken.array().parse(JSON.parse((await vigil(['admin', 'token', 'list', '--user', 'ana@agency.gov', '--json'])).out))
    expect(listed.map((t) => t.id)).toEqual([record.id])
    expect(JSON.stringify(listed)).not.toContain(secret)

    const revoked = ApiToken.parse(JSON.parse((await vigil(['admin', 'token', 'revoke', record.id, '--json'])).out))
    expect(revoked.revokedAt).not.toBeNull()

    expect((await vigil(['admin', 'user', 'suspend', 'ana@agency.gov'])).out).toBe('User ana@agency.gov is now suspended.\n')
    expect((await vigil(['admin', 'org', 'suspend', 'State Agency'])).out).toBe('Organisation State Agency is now suspended.\n')
    expect((await vigil(['admin', 'org', 'domains', 'State Agency', 'agency.gov', 'Elections.agency.gov'])).out).toBe(
      'Organisation State Agency verifies agency.gov, elections.agency.gov.\n',
    )
    const badDomain = await vigil(['admin', 'org', 'domains', 'State Agency', 'not a domain'])
    expect(badDomain.code).toBe(2)
    expect(badDomain.err).toMatch(/domain/)
    const orgs = Org.array().parse(JSON.parse((await vigil(['admin', 'org', 'list', '--json'])).out))
    expect(orgs.map((o) => [o.name, o.status, o.domains.sort()])).toEqual([
      ['State Agency', 'suspended', ['agency.gov', 'elections.agency.gov']],
    ])
    const users = User.array().parse(JSON.parse((await vigil(['admin', 'user', 'list', '--org', org.id, '--json'])).out))
    expect(users.map((u) => [u.email, u.status])).toEqual([['ana@agency.gov', 'suspended']])
  }, 60_000)

  it('prints the token once in human form, and explains refusals in one line', async () => {
    await vigil(['admin', 'org', 'create', '--name', 'Platform', '--kind', 'platform'])
    await vigil(['admin', 'user', 'create', '--org', 'Platform', '--email', 'ops@platform.example', '--role', 'analyst'])
    const token = await vigil(['admin', 'token', 'create', '--user', 'ops@platform.example'])
    expect(token.code).toBe(0)
    expect(token.out).toMatch(/not shown again:\nvgl_[\w-]{43}\n$/)

    const duplicate = await vigil(['admin', 'org', 'create', '--name', 'Platform', '--kind', 'other'])
    expect(duplicate).toMatchObject({ code: 1, out: '' })
    expect(duplicate.err).toMatch(/^vigil: an organisation with this name .* already exists\n$/)
    const badRole = await vigil(['admin', 'user', 'create', '--org', 'Platform', '--email', 'x@platform.example', '--role', 'boss'])
    expect(badRole.code).toBe(2)
    expect(badRole.err.split('\n')).toHaveLength(2)
    expect((await vigil(['admin', 'user', 'create', '--org', 'Nowhere', '--email', 'x@y.example', '--role', 'analyst'])).err).toBe(
      "vigil: no organisation 'Nowhere'\n",
    )
    expect((await vigil(['admin', 'token', 'create', '--user', 'ops@platform.example', '--expires-in', 'soon'])).code).toBe(2)

    const link = await vigil(['admin', 'user', 'reset-password', 'ops@platform.example', '--json'])
    expect(link.code).toBe(0)
    expect(OneTimeLink.parse(JSON.parse(link.out)).url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/account\/set-password#token=[\w-]{43}$/)
    expect((await vigil(['admin', 'user', 'invite', 'nobody@platform.example'])).err).toBe('vigil: no user nobody@platform.example\n')
  }, 60_000)
})
