import type { OrgId, Role, User, UserId, UserInput } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { Actor } from './actor.js'
import type { AuthDeps } from './auth-ports.js'
import { can, canManageOrg } from './can.js'
import { requirePermission, requireThat } from './require-permission.js'

/**
 * Creates a user in an organisation. The instance admin may create anyone; an org-admin
 * only users of its own organisation, and never instance admins.
 *
 * @example
 * await createUser(deps, orgAdmin, { orgId, email: 'ana@agency.gov', roles: ['requester'] })
 */
export async function createUser(deps: AuthDeps, actor: Actor, input: UserInput): Promise<User> {
  requirePermission(actor, 'org:manage')
  requireThat(canManageOrg(actor, input.orgId), 'you may only add users to your own organisation', { orgId: input.orgId })
  requireThat(!input.roles.includes('admin') || can(actor, 'instance:admin'), 'only an instance admin may grant the admin role')
  const org = await deps.store.findOrg(input.orgId)
  if (!org) throw new VigilError('NOT_FOUND', `no organisation ${input.orgId}`, { orgId: input.orgId })
  const id = deps.random.uuid() as UserId
  const passwordHash = input.password === undefined ? null : await deps.passwords.hash(input.password)
  return deps.store.insertUser(
    { id, orgId: input.orgId, email: input.email, roles: input.roles, passwordHash },
    {
      actor,
      action: 'auth.user.create',
      target: { type: 'user', id },
      outcome: 'success',
      details: { orgId: input.orgId, email: input.email, roles: input.roles },
    },
    deps.clock.now(),
  )
}

/** The users of one organisation (an org-admin's own), or of all for the instance admin. */
export async function listUsers(deps: AuthDeps, actor: Actor, filter: { readonly orgId?: OrgId } = {}): Promise<User[]> {
  requirePermission(actor, 'org:manage')
  if (can(actor, 'instance:admin')) return deps.store.listUsers(filter)
  if (actor.kind !== 'user') return []
  requireThat(filter.orgId === undefined || filter.orgId === actor.orgId, 'you may only list users of your own organisation')
  return deps.store.listUsers({ orgId: actor.orgId })
}

/**
 * Suspends (or reactivates) a user; its sessions and tokens stop working at once.
 *
 * @example
 * await setUserStatus(deps, orgAdmin, userId, 'suspended')
 */
export async function setUserStatus(deps: AuthDeps, actor: Actor, id: UserId, status: User['status']): Promise<User> {
  requirePermission(actor, 'org:manage')
  const target = await findManagedUser(deps, actor, id)
  requireThat(!target.roles.includes('admin') || can(actor, 'instance:admin'), 'only an instance admin may suspend an admin')
  const user = await deps.store.setUserStatus(
    id,
    status,
    {
      actor,
      action: status === 'suspended' ? 'auth.user.suspend' : 'auth.user.activate',
      target: { type: 'user', id },
      outcome: 'success',
    },
    deps.clock.now(),
  )
  if (!user) throw new VigilError('NOT_FOUND', `no user ${id}`, { userId: id })
  return user
}

/**
 * Changes a user's roles; audited with the roles before and after. Only the instance admin
 * grants or removes `admin`, and nobody changes their own roles.
 *
 * @example
 * await setUserRoles(deps, orgAdmin, userId, ['analyst', 'auditor'])
 */
export async function setUserRoles(deps: AuthDeps, actor: Actor, id: UserId, roles: readonly Role[]): Promise<User> {
  requirePermission(actor, 'org:manage')
  requireThat(!(actor.kind === 'user' && actor.userId === id), 'you may not change your own roles')
  const target = await findManagedUser(deps, actor, id)
  const touchesAdmin = roles.includes('admin') !== target.roles.includes('admin')
  requireThat(!touchesAdmin || can(actor, 'instance:admin'), 'only an instance admin may grant or remove the admin role')
  const unique = [...new Set(roles)]
  const user = await deps.store.setUserRoles(
    id,
    unique,
    { actor, action: 'auth.user.roles', target: { type: 'user', id }, outcome: 'success', details: { from: target.roles, to: unique } },
    deps.clock.now(),
  )
  if (!user) throw new VigilError('NOT_FOUND', `no user ${id}`, { userId: id })
  return user
}

/**
 * The user `id` when `actor` may administer it (itself, or a user of an organisation it
 * manages); others are reported as not found, so ids of other organisations leak nothing.
 */
export async function findManagedUser(deps: AuthDeps, actor: Actor, id: UserId): Promise<User> {
  const user = await deps.store.findUser(id)
  const self = actor.kind === 'user' && actor.userId === id
  if (!user || !(self || canManageOrg(actor, user.orgId))) throw new VigilError('NOT_FOUND', `no user ${id}`, { userId: id })
  return user
}

/** Like {@link findManagedUser}, by e-mail address (the admin CLI names users so). */
export async function findManagedUserByEmail(deps: AuthDeps, actor: Actor, email: string): Promise<User> {
  const user = await deps.store.findUserByEmail(email)
  if (!user) throw new VigilError('NOT_FOUND', `no user ${email}`, { email })
  return findManagedUser(deps, actor, user.id)
}
