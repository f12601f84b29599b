import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { VigilError } from '@vigil/core'

const PREFIX = 'v1:'

/** Seals small secrets for storage in the database with the instance's data key (AES-256-GCM). */
export interface SecretBox {
  /** `context` names what the secret belongs to (e.g. a user's id): a sealed value moved elsewhere fails to open. */
  seal(plain: string, context: string): string
  open(sealed: string, context: string): string
}

/** Whether a stored value was sealed by a `SecretBox` (older rows hold the value in clear). */
export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX)

/**
 * A `SecretBox` over a 32-byte key. A database dump alone then reveals no second factor:
 * the key lives with the instance secrets, outside the database.
 *
 * @example
 * const box = createSecretBox(secrets.dataKey); const stored = box.seal(totpSecret, `totp:${userId}`)
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new VigilError('CONFIG_INVALID', 'the data key must be 32 bytes', { variable: 'VIGIL_DATA_KEY' })
  return {
    seal(plain, context) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context))
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
    },
    open(sealed, context) {
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url')
      try {
        if (!isSealed(sealed) || raw.length < 28) throw new Error('not a sealed value')
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(context))
        decipher.setAuthTag(raw.subarray(12, 28))
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
      } catch (err) {
        throw new VigilError(
          'CONFIG_INVALID',
          'a sealed secret does not open with this instance data key (VIGIL_DATA_KEY)',
          {},
          { cause: err },
        )
      }
    },
  }
}
