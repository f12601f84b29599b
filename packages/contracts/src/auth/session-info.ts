import { z } from 'zod'
import { Role } from './identity.js'
import { Org } from './org.js'
import { User } from './user.js'

/**
 * The session cookie's names: `__Host-` binds it to one origin over HTTPS only; plain HTTP
 * (a development server) cannot set such a cookie and uses the bare name.
 *
 * @example
 * request.cookies[SESSION_COOKIE.secure] ?? request.cookies[SESSION_COOKIE.plain]
 */
export const SESSION_COOKIE = { secure: '__Host-vigil_session', plain: 'vigil_session' } as const

/** How a caller proved who they are. */
export const AuthMethod = z.enum(['session', 'token', 'basic', 'cli'])
export type AuthMethod = z.infer<typeof AuthMethod>

/**
 * `GET /api/v1/session`: who is calling, for any authenticated caller.
 *
 * @example
 * { user: { email: 'ana@agency.gov', … }, org: { name: 'Agency', … }, roles: ['requester'], via: 'token' }
 */
export const SessionInfo = z.object({
  user: User,
  org: Org,
  roles: z.array(Role),
  /** What the roles grant this user (the server's `can()`), so the UI shows only what the user may use. */
  permissions: z.array(z.string().regex(/^[a-z-]+:[a-z-]+$/)),
  via: AuthMethod,
  /** For cookie sessions: send it as `x-csrf-token` with every write. */
  csrfToken: z.string().optional(),
  /** For cookie sessions: what the session waits for before it may act. */
  pending: z.enum(['totp-enrolment']).nullable().optional(),
})
export type SessionInfo = z.infer<typeof SessionInfo>

/**
 * `POST /api/v1/session`: sign in. `secondFactor` is a TOTP code or a recovery code.
 *
 * @example
 * SignInRequest.parse({ email: 'ana@agency.gov', password: '…', secondFactor: '123456' })
 */
export const SignInRequest = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  secondFactor: z.string().trim().min(1).max(64).optional(),
})
export type SignInRequest = z.infer<typeof SignInRequest>

/** `POST /api/v1/session/totp`: a TOTP secret to enrol, as text and as an `otpauth://` URI. */
export const TotpEnrolment = z.object({ secret: z.string(), uri: z.string() })
export type TotpEnrolment = z.infer<typeof TotpEnrolment>

/** `POST /api/v1/session/totp/confirm`: the first code from the authenticator. */
export const TotpConfirmRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'expected a 6-digit code'),
})
export type TotpConfirmRequest = z.infer<typeof TotpConfirmRequest>

/** The recovery codes, shown this once. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) })
export type RecoveryCodes = z.infer<typeof RecoveryCodes>
