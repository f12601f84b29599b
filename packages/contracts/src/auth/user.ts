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
