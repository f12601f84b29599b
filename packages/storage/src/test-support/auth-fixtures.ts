import { randomUUID } from 'node:crypto'
import type { Org, OrgKind, Role, User } from '@vigil/contracts'
import {
  type Actor,
  type AuthDeps,
  actorFor,
  type Clock,
  createApiToken,
  createOrg,
  createUser,
  type SignInDeps,
  systemActor,
} from '@vigil/core'
import { createAuthDeps } from '../auth/auth-deps.js'
import type { PgAuthStore } from '../auth/auth-store.js'
import type { VigilDatabase } from '../postgres/open-database.js'

/** Identity ports for tests: cheap scrypt (its real cost is a benchmark's business), an optional clock. */
export function testAuthDeps(database: VigilDatabase, clock?: Clock): SignInDeps & { readonly store: PgAuthStore } {
  return createAuthDeps(database.db, { scrypt: { N: 1024, r: 8, p: 1 }, ...(clock ? { clock } : {}) })
}

/** A user made for a test: its organisation, its actor and a working API token. */
export interface SeededUser {
  readonly org: Org
  readonly user: User
  readonly actor: Actor
  /** The API token's secret, for `Authorization: Bearer`. */
  readonly token: string
  /** `{ authorization: 'Bearer …' }`, ready for `app.inject({ headers })`. */
  readonly headers: { readonly authorization: string }
}

/**
 * Creates an organisation (or reuses `org`) and a user with `roles` in it, with an API token.
 *
 * @example
 * const analyst = await seedUser(identity, { roles: ['analyst'] })
 * await app.inject({ url: '/api/v1/session', headers: analyst.headers })
 */
export async function seedUser(
  identity: AuthDeps,
  options: { readonly roles: readonly Role[]; readonly kind?: OrgKind; readonly org?: Org; readonly password?: string },
): Promise<SeededUser> {
  const admin = systemActor('test-seed')
  const suffix = randomUUID().slice(0, 8)
  const org = options.org ?? (await createOrg(identity, admin, { name: `Org ${suffix}`, kind: options.kind ?? 'platform', domains: [] }))
  const user = await createUser(identity, admin, {
    orgId: org.id,
    email: `user-${suffix}@example.org`,
    roles: [...options.roles],
    ...(options.password === undefined ? {} : { password: options.password }),
  })
  const { secret } = await createApiToken(identity, admin, user.id, { name: 'test' })
  return { org, user, actor: actorFor({ user, org }, 'token'), token: secret, headers: { authorization: `Bearer ${secret}` } }
}

/**
 * The cast of the exchange isolation worlds: three organisations with two analysts each, in
 * org order (users 0 and 1 share the first organisation, and so on).
 */
export async function seedIsolationCast(
  identity: Parameters<typeof seedUser>[0],
): Promise<{ readonly cast: SeededUser[]; readonly orgIds: string[] }> {
  const cast: SeededUser[] = []
  const orgIds: string[] = []
  for (let i = 0; i < 3; i++) {
    const first = await seedUser(identity, { roles: ['analyst'] })
    cast.push(first, await seedUser(identity, { roles: ['analyst'], org: first.org }))
    orgIds.push(first.org.id)
  }
  return { cast, orgIds }
}
