import { generateKeyPairSync, sign, verify } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadOrCreateSecrets } from './instance-secrets.js'

describe('instance secrets', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-secrets-'))
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const none = { sessionSecret: undefined, signingKeyPem: undefined }

  it('are generated on first start, private to the owner, and the same on the next', async () => {
    const first = await loadOrCreateSecrets(dataDir, none)
    const second = await loadOrCreateSecrets(dataDir, none)
    expect(first.sessionSecret).toHaveLength(43)
    expect(second.sessionSecret).toBe(first.sessionSecret)
    const signature = sign(null, Buffer.from('checkpoint'), first.signingKey)
    expect(verify(null, Buffer.from('checkpoint'), second.verifyKey, signature)).toBe(true)
    expect((await stat(join(dataDir, 'secrets', 'signing-key.pem'))).mode & 0o077).toBe(0)
    expect(first.dataKey).toHaveLength(32)
    expect(second.dataKey.equals(first.dataKey)).toBe(true)
    expect((await stat(join(dataDir, 'secrets', 'data-key'))).mode & 0o077).toBe(0)
  })

  it('prefer the secrets the environment gives', async () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const dataKey = Buffer.alloc(32, 7).toString('base64url')
    const s = await loadOrCreateSecrets(dataDir, { sessionSecret: 'y'.repeat(32), signingKeyPem: pem, dataKey })
    expect(s.sessionSecret).toBe('y'.repeat(32))
    expect(s.dataKey.equals(Buffer.alloc(32, 7))).toBe(true)
    expect(s.signingKey.export({ type: 'pkcs8', format: 'pem' })).toBe(pem)
    expect(await readFile(join(dataDir, 'secrets', 'session-secret'), 'utf8')).not.toContain('y'.repeat(32))
  })

  it('refuse a signing key that is not Ed25519', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    await expect(loadOrCreateSecrets(dataDir, { sessionSecret: undefined, signingKeyPem: rsa })).rejects.toThrow(
      'VIGIL_SIGNING_KEY: must be an Ed25519 key',
    )
  })
})
