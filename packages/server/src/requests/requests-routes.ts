import type { KeyObject } from 'node:crypto'
import {
  ActionResult,
  type Assessment,
  type AssessmentSettings,
  CorrectRequestBody,
  IntakeDefaults,
  PublishedPeriods,
  ReportPeriod,
  RequestRecord,
  RequestView,
  ReviewAction,
  SubmitRequestBody,
  TransparencyReport,
} from '@vigil/contracts'
import {
  type Actor,
  type AuthDeps,
  actOnRequest,
  buildTransparencyReport,
  cldrCountryName,
  correctRequest,
  DEFAULT_SLA,
  downloadPackage,
  intakeDefaults,
  listRequests,
  packageDownloadPath,
  partyOf,
  periodBounds,
  type RequestMessage,
  readLegalDocument,
  readRequestRecord,
  readRequestThread,
  type StoredRequest,
  slaDeadline,
  submitRequest,
  transparencyCsvRows,
  VigilError,
  withdrawRequest,
} from '@vigil/core'
import {
  createAccountDataSource,
  createRequestsDeps,
  createReviewDeps,
  loadTransparencyRecords,
  toCsv,
  type VigilDatabase,
} from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'

export interface RequestsRoutesDeps {
  readonly database: VigilDatabase
  readonly identity: AuthDeps
  readonly signingKey: KeyObject
  readonly settings: AssessmentSettings
}

// Where an impersonated agency is warned is the platform's business: a suspect sender never sees it.
function assessmentFor(actor: Actor, r: StoredRequest): Assessment {
  const party = partyOf(actor, r)
  if (party === 'system' || party === 'reviewer') return r.assessment
  const { agencyWarning: _hidden, ...rest } = r.assessment
  return rest
}

function view(actor: Actor, r: StoredRequest, messages?: readonly RequestMessage[]): RequestView {
  return {
    id: r.id,
    state: r.state,
    agencyOrgId: r.agencyOrgId,
    platformOrgId: r.platformOrgId,
    request: r.request,
    assessment: assessmentFor(actor, r),
    approvedCategories: [...r.approvedCategories],
    pendingConditions: [...r.pendingConditions],
    preserveUntil: r.preserveUntil,
    extensions: r.extensions,
    rejectCode: r.rejectCode,
    duplicateOf: r.duplicateOf,
    receivedAt: r.receivedAt.toISOString(),
    disclosedAt: r.disclosedAt?.toISOString() ?? null,
    slaDueAt: slaDeadline(r.request.process, r.state, r.stateEnteredAt, DEFAULT_SLA)?.toISOString() ?? null,
    ...(messages ? { messages: messages.map((m) => ({ ...m, at: m.at.toISOString() })) } : {}),
  }
}

const IdParams = z.object({ id: z.uuid() })

/** The data-request portal's API: intake, review, disclosure download, and the public transparency report. */
export function requestsRoutes(deps: RequestsRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = deps.database
    const source = createAccountDataSource(db)
    const reviews = createReviewDeps(db, source, deps.settings, { clock: deps.identity.clock, signingKey: deps.signingKey })
    const requests = createRequestsDeps(db, source, deps.settings, {
      identity: deps.identity.store,
      clock: deps.identity.clock,
      random: deps.identity.random,
    })

    app.post(
      '/api/v1/requests',
      {
        config: { permission: 'requests:submit' },
        schema: {
          tags: ['requests'],
          summary: 'Submit a data request with its signed legal document',
          body: SubmitRequestBody,
          response: { 201: RequestView },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        const { platformOrgId, request: body, document } = request.body
        const stored = await submitRequest(requests, actor, {
          platformOrgId,
          request: body,
          document: { filename: document.filename, signed: document.signed, content: Buffer.from(document.pdfBase64, 'base64') },
        })
        return reply.status(201).send(view(actor, stored))
      },
    )

    app.get(
      '/api/v1/requests',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['requests'],
          summary: "The caller's agency's requests, or its platform's",
          response: { 200: z.object({ requests: z.array(RequestView) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        return { requests: (await listRequests(reviews, actor)).map((r) => view(actor, r)) }
      },
    )

    app.get(
      '/api/v1/requests/:id',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['requests'], summary: 'One request with its message thread', params: IdParams, response: { 200: RequestView } },
      },
      async (request) => {
        const actor = actorOf(request)
        const thread = await readRequestThread(reviews, actor, request.params.id)
        return view(actor, thread.request, thread.messages)
      },
    )

    app.get(
      '/api/v1/requests/intake-defaults',
      {
        config: { permission: 'requests:submit' },
        schema: {
          tags: ['requests'],
          summary:
            "What the intake form fills in: the agency as the verified directory lists the requester's organisation, and its address",
          response: { 200: IntakeDefaults },
        },
      },
      async (request) => intakeDefaults(requests, actorOf(request)),
    )

    app.put(
      '/api/v1/requests/:id',
      {
        config: { permission: 'requests:submit' },
        schema: {
          tags: ['requests'],
          summary: 'Correct a request before review starts (its agency only; assessed again, audited; 409 once a reviewer picked it up)',
          params: IdParams,
          body: CorrectRequestBody,
          response: { 200: RequestView },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        const { request: body, document } = request.body
        const corrected = await correctRequest(requests, actor, request.params.id, {
          request: body,
          ...(document
            ? { document: { filename: document.filename, signed: document.signed, content: Buffer.from(document.pdfBase64, 'base64') } }
            : {}),
        })
        return view(actor, corrected)
      },
    )

    app.post(
      '/api/v1/requests/:id/withdraw',
      {
        config: { permission: 'requests:submit' },
        schema: {
          tags: ['requests'],
          summary: 'Withdraw a request before review starts (its agency only; audited; 409 once a reviewer picked it up)',
          params: IdParams,
          response: { 200: RequestView },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        return view(actor, await withdrawRequest(reviews, actor, request.params.id))
      },
    )

    app.post(
      '/api/v1/requests/:id/actions',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['requests'],
          summary: 'Review, answer, withdraw or disclose (the state machine decides who may)',
          params: IdParams,
          body: ReviewAction,
          response: { 200: ActionResult },
        },
      },
      async (request) => {
        const actor = actorOf(request)
        const { request: stored, download } = await actOnRequest(reviews, actor, request.params.id, request.body)
        return {
          request: view(actor, stored),
          ...(download
            ? {
                download: {
                  url: packageDownloadPath(stored.id, download.token),
                  sha256: download.sha256,
                  expiresAt: download.expiresAt.toISOString(),
                },
              }
            : {}),
        }
      },
    )

    app.get(
      '/api/v1/requests/:id/record',
      {
        config: { permission: 'requests:review' },
        schema: {
          tags: ['requests'],
          summary: "A request's record for its platform's reviewers: packages and every audited event, download attempts included",
          params: IdParams,
          response: { 200: RequestRecord },
        },
      },
      async (request) => readRequestRecord(reviews, actorOf(request), request.params.id),
    )

    app.get(
      '/api/v1/requests/:id/document',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['requests'],
          summary: "The request's signed legal document (PDF), for its agency's requesters and its platform's reviewers (audited)",
          params: IdParams,
        },
      },
      async (request, reply) => {
        const doc = await readLegalDocument(reviews, actorOf(request), request.params.id)
        const name = doc.filename.replace(/[^\w.-]+/g, '_')
        return (
          reply
            .header('content-type', 'application/pdf')
            .header('content-disposition', `inline; filename="${name}"`)
            .header('cache-control', 'no-store')
            // Shown in a frame beside the decision form: framable by this origin only, and inert.
            .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
            .header('x-frame-options', 'SAMEORIGIN')
            .send(Buffer.from(doc.content))
        )
      },
    )

    app.get(
      '/api/v1/requests/:id/package',
      {
        config: { permission: 'requests:submit' },
        schema: {
          tags: ['requests'],
          summary: 'Download a disclosure package (zip) by its expiring link',
          params: IdParams,
          querystring: z.object({ token: z.string().min(20).max(100) }),
        },
      },
      async (request, reply) => {
        const zip = await downloadPackage(reviews, actorOf(request), request.params.id, request.query.token)
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="disclosure-${request.params.id}.zip"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(zip))
      },
    )

    app.get(
      '/api/v1/transparency/periods',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['requests'],
          summary: 'The half-years whose transparency report is published, newest first',
          response: { 200: PublishedPeriods },
        },
      },
      async () => ({ periods: [...deps.settings.publishedPeriods].sort().reverse() }),
    )

    app.get(
      '/api/v1/transparency',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['requests'],
          summary: 'The published transparency report of a half-year (counts 1–9 shown as <10)',
          querystring: z.object({ period: ReportPeriod, format: z.enum(['json', 'csv']).default('json') }),
          response: { 200: TransparencyReport.or(z.string().describe('CSV with the Google transparency columns')) },
        },
      },
      async (request, reply) => {
        const { period, format } = request.query
        if (!deps.settings.publishedPeriods.includes(period)) throw new VigilError('NOT_FOUND', `no published report for ${period}`)
        const { from, to } = periodBounds(period)
        const report = buildTransparencyReport(await loadTransparencyRecords(db, from, to), period, {
          public: true,
          publishFraudulent: deps.settings.publishFraudulentInPublicReport,
          countryName: cldrCountryName,
        })
        if (format === 'json') return report
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="vigil-transparency-${period}.csv"`)
          .send(toCsv(transparencyCsvRows(report)))
      },
    )
  }
}
