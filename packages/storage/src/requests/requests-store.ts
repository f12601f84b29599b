import {
  type Assessment,
  AssessmentContext,
  type AssessmentSettings,
  type DataCategory,
  type DataRequestInput,
  type OpenRequestSummary,
  type OrgId,
  type PendingCondition,
  type RejectCode,
  type RequestState,
  type ReviewAction,
  type UserId,
} from '@vigil/contracts'
import {
  type AccountDataSource,
  type Actor,
  agencyWarning,
  assessRequest,
  describeActor,
  isoDay,
  partiesOf,
  partyOf,
  type ReviewRecord,
  review,
  VigilError,
} from '@vigil/core'
import type { Kysely, Selectable } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { queueAgencyWarning } from './agency-warnings.js'
import { loadCompromised, loadDirectory } from './directory-store.js'
import type { RequestsRequestTable } from './requests-tables.js'

/** States in which a request is still open (for duplicates, §3.1 G3). */
export const OPEN_STATES: readonly RequestState[] = ['submitted', 'in_review', 'needs_information', 'approved', 'narrowed', 'preserved']

type Row = Selectable<RequestsRequestTable>

/** A stored request, as its parties read it. */
export interface StoredRequest extends ReviewRecord {
  readonly request: DataRequestInput
  readonly assessment: Assessment
  readonly submittedBy: string
  readonly duplicateOf: string | null
  readonly suspectedFraud: boolean
  readonly receivedAt: Date
  readonly disclosedAt: Date | null
  /** When the request entered its current state: its SLA clock starts there. */
  readonly stateEnteredAt: Date
}

function toStored(row: Row): StoredRequest {
  return {
    id: row.id,
    state: row.state as RequestState,
    process: row.process as StoredRequest['process'],
    agencyOrgId: row.agency_org_id as OrgId,
    platformOrgId: row.platform_org_id as OrgId,
    requestedCategories: (row.body as DataRequestInput).categories,
    approvedCategories: row.approved_categories as DataCategory[],
    pendingConditions: row.pending_conditions as PendingCondition['code'][],
    decidedBy: row.decided_by as UserId | null,
    preserveUntil: row.preserve_until,
    extensions: row.extensions,
    rejectCode: row.reject_code as RejectCode | null,
    request: row.body as DataRequestInput,
    assessment: row.assessment as Assessment,
    submittedBy: row.submitted_by,
    duplicateOf: row.duplicate_of,
    suspectedFraud: row.suspected_fraud,
    receivedAt: row.received_at,
    disclosedAt: row.disclosed_at,
    stateEnteredAt: row.state_entered_at,
  }
}

/** The open requests, as the duplicate gate compares them. */
export async function loadOpenRequests(db: Kysely<Database>): Promise<OpenRequestSummary[]> {
  const rows = await db.selectFrom('requests_request').selectAll().where('state', 'in', OPEN_STATES).execute()
  return rows.map((r) => {
    const body = r.body as DataRequestInput
    return {
      id: r.id,
      agency: r.agency_name,
      caseNumber: r.case_number,
      process: body.process,
      targets: body.targets,
      categories: body.categories,
    }
  })
}

/**
 * The assessment context from the instance's data: its directory, compromised senders, open
 * requests, the hold a renewal extends, and which targets the account source resolves. Entries
 * `given` (from an assess file) are added to the instance's.
 */
export async function loadAssessmentContext(
  db: Kysely<Database>,
  source: AccountDataSource,
  req: DataRequestInput,
  given: AssessmentContext,
): Promise<AssessmentContext> {
  const [directory, compromised, open, resolved] = await Promise.all([
    loadDirectory(db),
    loadCompromised(db),
    loadOpenRequests(db),
    source.resolve(req.targets),
  ])
  const hold = req.extendsRequestId ? await findHold(db, req.extendsRequestId) : undefined
  return AssessmentContext.parse({
    ...given,
    // The instance's directory first: where it lists an agency, its entry (call-back, contact) decides.
    directory: [...directory, ...given.directory],
    compromised: {
      addresses: [...given.compromised.addresses, ...compromised.addresses],
      domains: [...given.compromised.domains, ...compromised.domains],
    },
    openRequests: [...given.openRequests, ...open],
    priorHold: given.priorHold ?? hold,
    resolvedTargets: [...given.resolvedTargets, ...resolved],
  })
}

async function findHold(db: Kysely<Database>, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
  const row = await db.selectFrom('requests_request').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row?.preserve_until) return undefined
  return { requestId: row.id, preserveUntil: row.state === 'preserved' ? row.preserve_until : '0000-01-01', extensions: row.extensions }
}

/** What a submission needs besides the request. */
export interface SubmitParams {
  readonly id: string
  readonly platformOrgId: OrgId
  readonly request: DataRequestInput
  /** The requester's second factor on this session. */
  readonly mfa: boolean
  readonly settings: AssessmentSettings
  readonly now: Date
  /** The signed legal document, hashed by the caller; its SHA-256 is the request's. */
  readonly document?: { readonly filename: string; readonly content: Uint8Array; readonly sha256: string }
}

/**
 * Stores a submitted request with its automated assessment, audited. A request refused at G1
 * (unverified or compromised sender) or as a duplicate is stored already rejected; the first is
 * also written to the audit log as a security event.
 */
export async function submitRequest(
  db: Kysely<Database>,
  source: AccountDataSource,
  actor: Actor,
  p: SubmitParams,
): Promise<StoredRequest> {
  if (actor.kind !== 'user' || !partiesOf(actor).includes('requester')) {
    throw new VigilError('AUTH_FORBIDDEN', 'only requesters submit data requests')
  }
  const context = await loadAssessmentContext(db, source, p.request, {
    requester: { email: actor.email, mfa: p.mfa, government: actor.orgKind === 'government', orgId: actor.orgId },
    directory: [],
    compromised: { addresses: [], domains: [] },
    openRequests: [],
    callback: 'pending',
    resolvedTargets: [],
  })
  const assessment = assessRequest(p.request, context, p.settings, isoDay(p.now))
  const refused = assessment.rejectCode === 'UNVERIFIED_REQUESTER' || assessment.rejectCode === 'DUPLICATE_REQUEST'
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('requests_request')
      .values({
        id: p.id,
        agency_org_id: actor.orgId,
        platform_org_id: p.platformOrgId,
        submitted_by: actor.userId,
        process: p.request.process,
        agency_name: p.request.agency.name ?? '',
        country: p.request.agency.country,
        case_number: p.request.caseNumber ?? '',
        body: JSON.stringify(p.request),
        assessment: JSON.stringify(assessment),
        state: refused ? 'rejected' : 'submitted',
        reject_code: refused ? (assessment.rejectCode ?? null) : null,
        pending_conditions: JSON.stringify(assessment.pendingConditions.map((c) => c.code)),
        duplicate_of: assessment.duplicateOf ?? null,
        suspected_fraud: assessment.securityEvent,
        received_at: p.now,
        state_entered_at: p.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (p.document) {
      await trx
        .insertInto('requests_document')
        .values({
          request_id: p.id,
          filename: p.document.filename,
          sha256: p.document.sha256,
          size: p.document.content.length,
          content: p.document.content,
          stored_at: p.now,
        })
        .execute()
    }
    const target = { type: 'data_request', id: p.id }
    await appendAudit(
      trx,
      {
        actor,
        action: 'requests.submit',
        target,
        outcome: 'success',
        details: { outcome: assessment.outcome, rejectCode: assessment.rejectCode },
      },
      p.now,
    )
    if (assessment.securityEvent) {
      await appendAudit(
        trx,
        { actor, action: 'requests.security_event', target, outcome: 'denied', details: { reason: assessment.reasons.at(-1)?.message } },
        p.now,
      )
    }
    if (assessment.agencyWarning) await queueAgencyWarning(trx, actor, p.id, assessment.agencyWarning, p.now)
    return inserted
  })
  return toStored(row)
}

/**
 * One request as `actor` may see it: a requester only its own agency's, a reviewer only its own
 * platform's. Anything else is `NOT_FOUND`, so ids of others' requests are not confirmed.
 */
export async function getRequestForActor(db: Kysely<Database>, actor: Actor, id: string): Promise<StoredRequest> {
  const row = /^[0-9a-f-]{36}$/i.test(id)
    ? await db.selectFrom('requests_request').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined
  if (!row || !canSee(actor, row)) throw new VigilError('NOT_FOUND', `no request ${id}`)
  return toStored(row)
}

function canSee(actor: Actor, row: Row): boolean {
  return partyOf(actor, { agencyOrgId: row.agency_org_id, platformOrgId: row.platform_org_id }) !== undefined
}

/** The requests `actor` may see, newest first. */
export async function listRequestsForActor(db: Kysely<Database>, actor: Actor, limit = 100): Promise<StoredRequest[]> {
  if (actor.kind === 'system') throw new VigilError('AUTH_FORBIDDEN', 'list requests as a user')
  const asRequester = partiesOf(actor).includes('requester')
  const asReviewer = partiesOf(actor).includes('reviewer')
  if (!asRequester && !asReviewer) return []
  const rows = await db
    .selectFrom('requests_request')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(asRequester ? [eb('agency_org_id', '=', actor.orgId)] : []),
        ...(asReviewer ? [eb('platform_org_id', '=', actor.orgId)] : []),
      ]),
    )
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toStored)
}

/**
 * Applies one review action in a transaction: the state machine decides, the row changes, the
 * thread gets its message, and the audit log its entry (and a security event for a failed
 * call-back). `also` runs in the same transaction (the package and the notices of a disclosure).
 */
export async function applyReviewAction(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  action: ReviewAction,
  now: Date,
  settings: Pick<AssessmentSettings, 'maxPreservationExtensions'>,
  also?: (trx: Kysely<Database>, before: StoredRequest, after: StoredRequest) => Promise<void>,
): Promise<StoredRequest> {
  const current = await getRequestForActor(db, actor, id)
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('requests_request').selectAll().where('id', '=', current.id).forUpdate().executeTakeFirstOrThrow()
    const t = review(toStored(locked), actor, action, now, settings)
    const r = t.record
    const row = await trx
      .updateTable('requests_request')
      .set({
        state: r.state,
        approved_categories: JSON.stringify(r.approvedCategories),
        pending_conditions: JSON.stringify(r.pendingConditions),
        decided_by: r.decidedBy,
        preserve_until: r.preserveUntil,
        extensions: r.extensions,
        reject_code: r.rejectCode,
        suspected_fraud: locked.suspected_fraud || t.securityEvent !== undefined,
        ...(r.state !== locked.state ? { state_entered_at: now } : {}),
        ...(r.state === 'disclosed' ? { disclosed_at: now } : {}),
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    if (t.message) {
      await trx
        .insertInto('requests_message')
        .values({ request_id: r.id, author: describeActor(actor), side: t.message.from, text: t.message.text, at: now })
        .execute()
    }
    await appendAudit(trx, t.audit, now)
    if (t.securityEvent) {
      await appendAudit(
        trx,
        {
          actor,
          action: 'requests.security_event',
          target: { type: 'data_request', id: r.id },
          outcome: 'denied',
          details: { reason: t.securityEvent.kind },
        },
        now,
      )
      const request = toStored(locked).request
      const warning = agencyWarning(
        request,
        await loadDirectory(trx),
        [request.official.email].filter((a): a is string => Boolean(a)),
        'the call-back through the directory number failed',
      )
      if (warning) await queueAgencyWarning(trx, actor, r.id, warning, now)
    }
    const after = toStored(row)
    if (also) await also(trx, toStored(locked), after)
    return after
  })
}

/** The message thread of a request (the caller has already checked the actor may see it). */
export async function listMessages(db: Kysely<Database>, requestId: string) {
  return db
    .selectFrom('requests_message')
    .select(['side', 'author', 'text', 'at'])
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute()
}
