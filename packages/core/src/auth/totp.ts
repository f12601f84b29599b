import { Secret, TOTP } from 'otpauth'
import type { Random } from '../shared/random.js'

/** The issuer shown in authenticator apps. */
export const TOTP_ISSUER = 'Vigil'

/**
 * A fresh TOTP secret (160 bits, RFC 4226's recommendation), base32 as authenticator apps take it.
 *
 * @example
 * const secret = generateTotpSecret(random) // 'JBSWY3DPEHPK3PXP…'
 */
export function generateTotpSecret(random: Random): string {
  const bytes = random.bytes(20)
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }).base32
}

const totpFor = (secret: string, email: string) =>
  new TOTP({ issuer: TOTP_ISSUER, label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) })

/** The `otpauth://` URI an authenticator app scans (as a QR code) to enrol. */
export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString()
}

/**
 * Whether `code` is the TOTP of `secret` at `now`, allowing one 30-second step of clock drift.
 *
 * @example
 * isValidTotp(secret, '123456', clock.now())
 */
export function isValidTotp(secret: string, code: string, now: Date): boolean {
  return totpStep(secret, code, now) !== null
}

/**
 * The 30-second time step `code` belongs to, or null when it is not valid at `now`. Storing
 * the last accepted step per user makes each code usable once.
 *
 * @example
 * totpStep(secret, '123456', now) // 59_000_123
 */
export function totpStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null
  const delta = totpFor(secret, 'user').validate({ token: code, timestamp: now.getTime(), window: 1 })
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta
}

/** The code an authenticator shows at `now` (tests and the first-run admin). */
export function currentTotp(secret: string, now: Date): string {
  return totpFor(secret, 'user').generate({ timestamp: now.getTime() })
}
