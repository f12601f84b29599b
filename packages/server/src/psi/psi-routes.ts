import {
  InitiatorBlinded,
  InitiatorOutcome,
  OrgId,
  PsiOrgKey,
  PsiOrgKeyRegistration,
  PsiSession,
  PsiSessionAudit,
  PsiSessionId,
  PsiSessionList,
  PsiSessionProposal,
  ResponderReply,
} from '@vigil/contracts'
import {
  acceptPsiSession,
  completePsiSession,
  declinePsiSession,
  getPsiKey,
  getPsiSession,
  listPsiSessions,
  type PsiDeps,
  postInitiatorMessage,
  postResponderReply,
  proposePsiSession,
  psiSessionAudit,
  readInitiatorMessage,
  readResponderReply,
  registerPsiKey,
} from '@vigil/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'

const Params = z.object({ id: PsiSessionId })
const DeclineBody = z.strictObject({ reason: z.string().trim().max(1000).optional() })
// A reply carries up to two lists of 1,000,000 elements: 2 x 32 MB, base64-encoded.
const MESSAGE_BODY_LIMIT = 96 * 1024 * 1024
const tags = ['psi']

/**
 * `/api/v1/psi/sessions`: propose, accept, and relay the blinded messages of private set
 * intersection sessions between two organisations. The server sees sizes and blinded
 * elements only; selectors never leave their owners' machines (`vigil psi run`).
 */
export function psiRoutes(deps: PsiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { permission: 'psi:run' as const }
    app.put(
      '/api/v1/psi/key',
      {
        config,
        schema: {
          tags,
          summary: "Register the public half of the caller's organisation's PSI signing key (replaces any earlier one)",
          body: PsiOrgKeyRegistration,
          response: { 200: PsiOrgKey },
        },
      },
      async (request) => registerPsiKey(deps, actorOf(request), request.body),
    )
    app.get(
      '/api/v1/psi/keys/:orgId',
      {
        config,
        schema: {
          tags,
          summary: "An organisation's PSI signing key and its fingerprint, to check out of band",
          params: z.object({ orgId: OrgId }),
          response: { 200: PsiOrgKey },
        },
      },
      async (request) => getPsiKey(deps, actorOf(request), request.params.orgId),
    )
    app.post(
      '/api/v1/psi/sessions',
      {
        config,
        schema: { tags, summary: 'Propose a PSI session to another organisation', body: PsiSessionProposal, response: { 201: PsiSession } },
      },
      async (request, reply) => reply.code(201).send(await proposePsiSession(deps, actorOf(request), request.body)),
    )
    app.get(
      '/api/v1/psi/sessions',
      { config, schema: { tags, summary: "The sessions the caller's organisation takes part in", response: { 200: PsiSessionList } } },
      async (request) => ({ sessions: await listPsiSessions(deps, actorOf(request)) }),
    )
    app.get(
      '/api/v1/psi/sessions/:id',
      { config, schema: { tags, summary: 'One session', params: Params, response: { 200: PsiSession } } },
      async (request) => getPsiSession(deps, actorOf(request), request.params.id),
    )
    app.post(
      '/api/v1/psi/sessions/:id/accept',
      { config, schema: { tags, summary: 'Accept a proposed session (the responder)', params: Params, response: { 200: PsiSession } } },
      async (request) => acceptPsiSession(deps, actorOf(request), request.params.id),
    )
    app.post(
      '/api/v1/psi/sessions/:id/decline',
      {
        config,
        schema: {
          tags,
          summary: 'Decline a proposed session (the responder); final',
          params: Params,
          body: DeclineBody.optional(),
          response: { 200: PsiSession },
        },
      },
      async (request) => declinePsiSession(deps, actorOf(request), request.params.id, request.body?.reason),
    )
    app.get(
      '/api/v1/psi/sessions/:id/audit',
      {
        config,
        schema: { tags, summary: "The session's audit trail, for either party", params: Params, response: { 200: PsiSessionAudit } },
      },
      async (request) => psiSessionAudit(deps, actorOf(request), request.params.id),
    )
    app.put(
      '/api/v1/psi/sessions/:id/initiator-message',
      {
        config,
        bodyLimit: MESSAGE_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Message 1: the initiator posts its blinded set',
          params: Params,
          body: InitiatorBlinded,
          response: { 200: PsiSession },
        },
      },
      async (request) => postInitiatorMessage(deps, actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/v1/psi/sessions/:id/initiator-message',
      { config, schema: { tags, summary: 'Message 1, for the responder', params: Params, response: { 200: InitiatorBlinded } } },
      async (request) => readInitiatorMessage(deps, actorOf(request), request.params.id),
    )
    app.put(
      '/api/v1/psi/sessions/:id/responder-message',
      {
        config,
        bodyLimit: MESSAGE_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Message 2: the responder posts its reply',
          params: Params,
          body: ResponderReply,
          response: { 200: PsiSession },
        },
      },
      async (request) => postResponderReply(deps, actorOf(request), request.params.id, request.body),
    )
    app.get(
      '/api/v1/psi/sessions/:id/responder-message',
      { config, schema: { tags, summary: 'Message 2, for the initiator', params: Params, response: { 200: ResponderReply } } },
      async (request) => readResponderReply(deps, actorOf(request), request.params.id),
    )
    app.post(
      '/api/v1/psi/sessions/:id/outcome',
      {
        config,
        schema: {
          tags,
          summary: 'Message 3: the initiator reports the intersection size',
          params: Params,
          body: InitiatorOutcome,
          response: { 200: PsiSession },
        },
      },
      async (request) => completePsiSession(deps, actorOf(request), request.params.id, request.body),
    )
  }
}
