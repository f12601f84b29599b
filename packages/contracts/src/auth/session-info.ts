import { z } from 'zod'
import { Role } from './identity.js'
import { Org } from './org.js'
import { User } from './user.js'

/** How a caller proved who they are. */
export const AuthMethod = z.enum(['session', 'token', 'basic', 'cli'])
export type AuthMethod = z.infer<typeof AuthMethod>

/**
 * `GET /api/v1/session`: who is calling, for any authenticated caller.
 *
 * @example
 * { user: { email: 'ana@agency.gov', … }, org: { name: 'Agency', … }, roles: ['requester'], via: 'token' }
 */
export const SessionInfo = z.object({ user: User, org: Org, roles: z.array(Role), via: AuthMethod })
export type SessionInfo = z.infer<typeof SessionInfo>
