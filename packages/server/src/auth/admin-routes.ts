import {
  ApiToken,
  ApiTokenId,
  ApiTokenRequest,
  CreatedApiToken,
  Org,
  OrgDomainsInput,
  OrgId,
  OrgInput,
  OrgPatch,
  User,
  UserId,
  UserInput,
  UserPatch,
} from '@vigil/contracts'
import {
  type AuthDeps,
  createApiToken,
  createOrg,
  createUser,
  listApiTokens,
  listOrgs,
  listUsers,
  revokeApiToken,
  setOrgDomains,
  setOrgStatus,
  setUserRoles,
  setUserStatus,
  VigilError,
} from '@vigil/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from './auth-hook.js'

const userOf = (actor: ReturnType<typeof actorOf>): UserId => {
  if (actor.kind !== 'user') throw new VigilError('VALIDATION_FAILED', 'give userId')
  return actor.userId
}

/** `/api/v1/orgs`, `/api/v1/users`, `/api/v1/tokens`: administration over the same use cases as the CLI. */
export function adminRoutes(identity: AuthDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['identity']
    app.get(
      '/api/v1/orgs',
      { config: { permission: 'authenticated' }, schema: { tags, summary: 'List organisations', response: { 200: z.array(Org) } } },
      async (request) => listOrgs(identity, actorOf(request)),
    )
    app.post(
      '/api/v1/orgs',
      {
        config: { permission: 'instance:admin' },
        schema: { tags, summary: 'Create an organisation', body: OrgInput, response: { 201: Org } },
      },
      async (request, reply) => reply.status(201).send(await createOrg(identity, actorOf(request), request.body)),
    )
    app.patch(
      '/api/v1/orgs/:id',
      {
        config: { permission: 'instance:admin' },
        schema: {
          tags,
          summary: 'Suspend or reactivate an organisation',
          params: z.object({ id: OrgId }),
          body: OrgPatch,
          response: { 200: Org },
        },
      },
      async (request) => setOrgStatus(identity, actorOf(request), request.params.id, request.body.status),
    )
    app.put(
      '/api/v1/orgs/:id/domains',
      {
        config: { permission: 'instance:admin' },
        schema: {
          tags,
          summary: "Replace an organisation's verified e-mail domains (audited with before and after)",
          params: z.object({ id: OrgId }),
          body: OrgDomainsInput,
          response: { 200: Org },
        },
      },
      async (request) => setOrgDomains(identity, actorOf(request), request.params.id, request.body.domains),
    )

    app.get(
      '/api/v1/users',
      {
        config: { permission: 'org:manage' },
        schema: { tags, summary: 'List users', querystring: z.object({ orgId: OrgId.optional() }), response: { 200: z.array(User) } },
      },
      async (request) => listUsers(identity, actorOf(request), request.query.orgId ? { orgId: request.query.orgId } : {}),
    )
    app.post(
      '/api/v1/users',
      { config: { permission: 'org:manage' }, schema: { tags, summary: 'Create a user', body: UserInput, response: { 201: User } } },
      async (request, reply) => reply.status(201).send(await createUser(identity, actorOf(request), request.body)),
    )
    app.patch(
      '/api/v1/users/:id',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags,
          summary: "Change a user's status or roles",
          params: z.object({ id: UserId }),
          body: UserPatch,
          response: { 200: User },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        let user: User | undefined
        if (request.body.roles) user = await setUserRoles(identity, actor, request.params.id, request.body.roles)
        if (request.body.status) user = await setUserStatus(identity, actor, request.params.id, request.body.status)
        if (!user) throw new VigilError('VALIDATION_FAILED', 'give status or roles')
        return user
      },
    )

    app.get(
      '/api/v1/tokens',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'List API tokens (your own, or a managed user’s)',
          querystring: z.object({ userId: UserId.optional() }),
          response: { 200: z.array(ApiToken) },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        return listApiTokens(identity, actor, request.query.userId ?? userOf(actor))
      },
    )
    app.post(
      '/api/v1/tokens',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'Create an API token; the secret is in this response only',
          body: ApiTokenRequest,
          response: { 201: CreatedApiToken },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        const { userId, ...input } = request.body
        return reply.status(201).send(await createApiToken(identity, actor, userId ?? userOf(actor), input))
      },
    )
    app.delete(
      '/api/v1/tokens/:id',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Revoke an API token', params: z.object({ id: ApiTokenId }), response: { 200: ApiToken } },
      },
      async (request) => revokeApiToken(identity, actorOf(request), request.params.id),
    )
  }
}
