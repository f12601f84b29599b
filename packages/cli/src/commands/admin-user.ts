import { OneTimeLink, User, UserInput } from '@vigil/contracts'
import { createUser, findManagedUserByEmail, issueOneTimeLink, listUsers, parseInput, setUserStatus } from '@vigil/core'
import type { CliIo } from '../io.js'
import { print, readStdin, resolveOrgId, withAdminContext } from './admin-context.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

interface Json extends StorageOptions {
  readonly json?: boolean
}

const describeUser = (u: User): string => `${u.email}  ${u.roles.join(',')}  ${u.status}  org ${u.orgId}  ${u.id}`

/** `vigil admin user create --org ORG --email E --role R [--role R …] [--password-stdin]` */
export function createUserCommand(
  io: CliIo,
  o: Json & { readonly org: string; readonly email: string; readonly role: string[]; readonly passwordStdin?: boolean },
): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const password = o.passwordStdin ? await readStdin(io) : undefined
    const orgId = await resolveOrgId(ctx, o.org)
    const input = parseInput(UserInput, { orgId, email: o.email, roles: o.role, ...(password === undefined ? {} : { password }) })
    const user = User.parse(await createUser(ctx.identity, ctx.actor, input))
    return print(io, o.json, user, () => [`Created user ${user.email} (${user.roles.join(', ')}): ${user.id}`])
  })
}

/** `vigil admin user list [--org ORG]` */
export function listUsersCommand(io: CliIo, o: Json & { readonly org?: string }): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const filter = o.org === undefined ? {} : { orgId: await resolveOrgId(ctx, o.org) }
    const users = User.array().parse(await listUsers(ctx.identity, ctx.actor, filter))
    return print(io, o.json, users, () => (users.length === 0 ? ['No users.'] : users.map(describeUser)))
  })
}

/** `vigil admin user suspend|activate EMAIL` */
export function setUserStatusCommand(io: CliIo, email: string, status: User['status'], o: Json): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const user = await findManagedUserByEmail(ctx.identity, ctx.actor, email)
    const updated = User.parse(await setUserStatus(ctx.identity, ctx.actor, user.id, status))
    return print(io, o.json, updated, () => [`User ${updated.email} is now ${updated.status}.`])
  })
}

/** `vigil admin user invite|reset-password EMAIL`: prints a one-time link for the operator to send. */
export function issueLinkCommand(io: CliIo, email: string, purpose: 'invitation' | 'password-reset', o: Json): Promise<number> {
  const publicUrl = configFrom(io, storageFlags(o)).publicUrl
  return withAdminContext(io, o, async (ctx) => {
    const user = await findManagedUserByEmail(ctx.identity, ctx.actor, email)
    const { token, expiresAt } = await issueOneTimeLink(ctx.identity, ctx.actor, user.id, purpose)
    const link = OneTimeLink.parse({ url: `${publicUrl}/account/set-password#token=${token}`, expiresAt: expiresAt.toISOString() })
    return print(io, o.json, link, () => [`One-time ${purpose} link for ${user.email} (works once, until ${link.expiresAt}):`, link.url])
  })
}
