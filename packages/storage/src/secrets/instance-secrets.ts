import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { VigilError } from '@vigil/core'

/** The secrets an instance signs and seals with. */
export interface InstanceSecrets {
  /** Keys session cookies and CSRF tokens (HMAC). */
  readonly sessionSecret: string
  /** Ed25519: signs audit checkpoints and disclosure manifests. */
  readonly signingKey: KeyObject
  readonly verifyKey: KeyObject
  /** 32 bytes: seals secrets kept in the database (TOTP seeds), see `createSecretBox`. */
  readonly dataKey: Buffer
}

/**
 * Returns the instance's secrets: those given (from `VIGIL_SESSION_SECRET`,
 * `VIGIL_SIGNING_KEY`, `VIGIL_DATA_KEY`), else the ones generated into `dataDir/secrets/` on first start.
 * Several server processes sharing one PostgreSQL must be given the same secrets.
 */
export async function loadOrCreateSecrets(
  dataDir: string,
  given: { readonly sessionSecret: string | undefined; readonly signingKeyPem: string | undefined; readonly dataKey?: string | undefined },
): Promise<InstanceSecrets> {
  const dir = join(resolve(dataDir), 'secrets')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const sessionSecret =
    given.sessionSecret ?? (await readOrCreate(join(dir, 'session-secret'), () => randomBytes(32).toString('base64url')))
  const pem =
    given.signingKeyPem ??
    (await readOrCreate(join(dir, 'signing-key.pem'), () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ))
  const dataKey = Buffer.from(
    given.dataKey ?? (await readOrCreate(join(dir, 'data-key'), () => randomBytes(32).toString('base64url'))),
    'base64url',
  )
  let signingKey: KeyObject
  try {
    signingKey = createPrivateKey(pem)
  } catch (err) {
    throw new VigilError('CONFIG_INVALID', 'VIGIL_SIGNING_KEY: not a PEM private key', { variable: 'VIGIL_SIGNING_KEY' }, { cause: err })
  }
  if (signingKey.asymmetricKeyType !== 'ed25519') {
    throw new VigilError('CONFIG_INVALID', 'VIGIL_SIGNING_KEY: must be an Ed25519 key', { variable: 'VIGIL_SIGNING_KEY' })
  }
  return Object.freeze({ sessionSecret, signingKey, verifyKey: createPublicKey(signingKey), dataKey })
}

async function readOrCreate(path: string, make: () => string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const value = make()
  // Write then rename, so a crash never leaves half a key behind.
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, `${value}\n`, { mode: 0o600 })
  await rename(tmp, path)
  return value
}
