import { z } from 'zod'
import { OrgId, Role, UserId } from './identity.js'
import { AccountStatus } from './org.js'

/**
 * An e-mail address, trimmed and lower-cased so one person has one account.
 *
 * @example
 * Email.parse(' Ana@Agency.gov ') // 'ana@agency.gov'
 */
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email())
export type Email = z.infer<typeof Email>

/**
 * A user as every surface shows it. Password hashes, TOTP secrets and tokens are never part of it.
 *
 * @example
 * { id, orgId, email: 'ana@agency.gov', roles: ['requester'], status: 'active', totpEnabled: true, lockedUntil: null, createdAt }
 */
export const User = z.object({
  id: UserId,
  orgId: OrgId,
  email: Email,
  roles: z.array(Role),
  status: AccountStatus,
  totpEnabled: z.boolean(),
  /** Set while repeated failed logins keep the account locked. */
  lockedUntil: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
})
export type User = z.infer<typeof User>

/**
 * What it takes to create a user. Without a password, the user signs in by an invitation
 * link or uses API tokens only.
 *
 * @example
 * UserInput.parse({ orgId, email: 'ana@agency.gov', roles: ['requester'] })
 */
export const UserInput = z.object({
  orgId: OrgId,
  email: Email,
  roles: z
    .array(Role)
    .min(1)
    .max(6)
    .transform((roles) => [...new Set(roles)]),
  password: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
})
export type UserInput = z.infer<typeof UserInput>

/**
 * `PATCH /api/v1/users/:id`: change a user's status or roles (each change is audited).
 *
 * @example
 * UserPatch.parse({ roles: ['analyst', 'auditor'] })
 */
export const UserPatch = z
  .object({ status: AccountStatus.optional(), roles: z.array(Role).min(1).max(6).optional() })
  .refine((p) => p.status !== undefined || p.roles !== undefined, 'give status or roles')
export type UserPatch = z.infer<typeof UserPatch>

/**
 * An invitation or password-reset link, for the issuer to send; it works once.
 *
 * @example
 * { url: 'https://vigil.example/account/set-password#token=…', expiresAt: '…' }
 */
export const OneTimeLink = z.object({ url: z.url(), expiresAt: z.iso.datetime() })
export type OneTimeLink = z.infer<typeof OneTimeLink>

/** `POST /api/v1/one-time-links/redeem`: set a password with a link's token. */
export const RedeemLinkRequest = z.object({ token: z.string().min(20).max(200), password: z.string().min(12).max(1024) })
export type RedeemLinkRequest = z.infer<typeof RedeemLinkRequest>

/** `POST /api/v1/session/password`: change one's own password. */
export const PasswordChangeRequest = z.object({ current: z.string().min(1).max(1024), password: z.string().min(12).max(1024) })
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequest>
