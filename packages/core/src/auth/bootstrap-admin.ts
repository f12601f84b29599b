import { systemActor } from './actor.js'
import type { AuthDeps } from './auth-ports.js'
import { createOrg } from './org-admin.js'
import { toBase64Url } from './secret-hash.js'
import { createUser } from './user-admin.js'

/** The instance admin created on first start. */
export const BOOTSTRAP_ADMIN_EMAIL = 'admin@vigil.invalid'

/**
 * On an instance without users, creates the instance's own organisation and an instance
 * admin with a random password, returned this once for the operator (it is never logged).
 * The admin must enrol TOTP at first sign-in. Returns null when users exist already.
 *
 * @example
 * const created = await bootstrapInstanceAdmin(deps) // { email, password } on first start
 */
export async function bootstrapInstanceAdmin(deps: AuthDeps): Promise<{ readonly email: string; readonly password: string } | null> {
  if (await deps.store.hasUsers()) return null
  const actor = systemActor('first-start')
  const org = await createOrg(deps, actor, { name: 'Instance operators', kind: 'other', domains: [] })
  const password = toBase64Url(deps.random.bytes(18))
  await createUser(deps, actor, { orgId: org.id, email: BOOTSTRAP_ADMIN_EMAIL, roles: ['admin'], password })
  return { email: BOOTSTRAP_ADMIN_EMAIL, password }
}
