import {
  AssessmentContext,
  type AssessmentSettings,
  type DataRequestInput,
  type OpenRequestSummary,
  type RequestState,
  type ReviewAction,
} from '@vigil/contracts'
import {
  type AccountDataSource,
  type Actor,
  agencyWarning,
  type Clock,
  describeActor,
  partiesOf,
  partyOf,
  type Random,
  type RequestsDeps,
  type RequestsStore,
  review,
  type StoredRequest,
  systemActor,
  systemClock,
  VigilError,
} from '@vigil/core'
import type { Kysely, Selectable } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { createIdentityStore } from '../identity/identity-store.js'
import { nodeRandom } from '../identity/node-random.js'
import type { Database } from '../postgres/database-schema.js'
import { queueAgencyWarning } from './agency-warnings.js'
import { loadCompromised, loadDirectory } from './directory-store.js'
import type { RequestsRequestTable } from './requests-tables.js'

/** States in which a request is still open (for duplicates, §3.1 G3). */
export const OPEN_STATES: readonly RequestState[] = ['submitted', 'in_review', 'needs_information', 'approved', 'narrowed', 'preserved']

type Row = Selectable<RequestsRequestTable>

function toStored(row: Row): StoredRequest {
  return {
    id: row.id,
    state: row.state,
    process: row.process,
    agencyOrgId: row.agency_org_id,
    platformOrgId: row.platform_org_id,
    requestedCategories: row.body.categories,
    approvedCategories: row.approved_categories,
    pendingConditions: row.pending_conditions,
    decidedBy: row.decided_by,
    preserveUntil: row.preserve_until,
    extensions: row.extensions,
    rejectCode: row.reject_code,
    request: row.body,
    assessment: row.assessment,
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
    const body = r.body
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

/**
 * The requests store over one database: the instance's data an assessment reads, and the
 * insert of a new request with its document, audit entries and agency warning in one transaction.
 */
export function createRequestsStore(db: Kysely<Database>, accounts: AccountDataSource): RequestsStore {
  return {
    assessmentContext: (request, given) => loadAssessmentContext(db, accounts, request, given),
    insert: (r, audit, warning, now) =>
      db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('requests_request')
          .values({
            id: r.id,
            agency_org_id: r.agencyOrgId,
            platform_org_id: r.platformOrgId,
            submitted_by: r.submittedBy,
            process: r.request.process,
            agency_name: r.request.agency.name ?? '',
            country: r.request.agency.country,
            case_number: r.request.caseNumber ?? '',
            body: JSON.stringify(r.request),
            assessment: JSON.stringify(r.assessment),
            state: r.refused ? 'rejected' : 'submitted',
            reject_code: r.refused ? (r.assessment.rejectCode ?? null) : null,
            pending_conditions: JSON.stringify(r.assessment.pendingConditions.map((c) => c.code)),
            duplicate_of: r.assessment.duplicateOf ?? null,
            suspected_fraud: r.assessment.securityEvent,
            received_at: now,
            state_entered_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        if (r.document) {
          await trx
            .insertInto('requests_document')
            .values({
              request_id: r.id,
              filename: r.document.filename,
              sha256: r.document.sha256,
              size: r.document.content.length,
              content: r.document.content,
              stored_at: now,
            })
            .execute()
        }
        for (const event of audit) await appendAudit(trx, event, now)
        if (warning) await queueAgencyWarning(trx, audit[0]?.actor ?? systemActor('requests'), r.id, warning, now)
        return toStored(inserted)
      }),
  }
}

/** The requests use cases' ports over one database, as the server and the CLI wire them. */
export function createRequestsDeps(
  db: Kysely<Database>,
  accounts: AccountDataSource,
  settings: AssessmentSettings,
  options: { readonly identity?: RequestsDeps['identity']; readonly clock?: Clock; readonly random?: Random } = {},
): RequestsDeps {
  const identity = options.identity ?? createIdentityStore(db)
  return {
    store: createRequestsStore(db, accounts),
    identity,
    clock: options.clock ?? systemClock,
    random: options.random ?? nodeRandom,
    settings,
  }
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
