import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'
import type { PasswordHasher } from '@vigil/core'

/** scrypt cost parameters; stored with every hash so they can be raised without breaking old ones. */
export interface ScryptParams {
  readonly N: number
  readonly r: number
  readonly p: number
}

// OWASP's scrypt recommendation (N=2^17, r=8, p=1): about 128 MiB and 0.1–0.3 s per hash.
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

const KEY_LENGTH = 32

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/**
 * Passwords hashed with scrypt as `scrypt$N$r$p$salt$hash` (base64url).
 *
 * @example
 * const hasher = scryptPasswordHasher(); const stored = await hasher.hash('correct horse battery staple')
 */
export function scryptPasswordHasher(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(16)
      const key = await derive(password, salt, params)
      return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
    },
    async verify(password, stored) {
      const [scheme, n, r, p, salt, hash] = stored.split('$')
      if (scheme !== 'scrypt' || !n || !r || !p || salt === undefined || hash === undefined) return false
      const expected = Buffer.from(hash, 'base64url')
      const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) })
      return key.length === expected.length && timingSafeEqual(key, expected)
    },
  }
}
