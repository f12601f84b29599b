import {
  AssessmentContext,
  type AssessmentSettings,
  type DataRequestInput,
  type OpenRequestSummary,
  type RequestState,
} from '@vigil/contracts'
import {
  type AccountDataSource,
  type AuditEvent,
  type Clock,
  type NewRequest,
  type Random,
  type RequestsDeps,
  type RequestsStore,
  systemActor,
  systemClock,
} from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { createAuthStore } from '../auth/auth-store.js'
import { nodeRandom } from '../auth/node-random.js'
import type { Database } from '../postgres/database-schema.js'
import { queueAgencyWarning } from './agency-warnings.js'
import { loadCompromised, loadDirectory } from './directory-store.js'
import { isRequestId, toStoredRequest } from './request-row.js'
import { createReviewStore } from './review-store.js'

/** States in which a request is still open (for duplicates, §3.1 G3). */
export const OPEN_STATES: readonly RequestState[] = ['submitted', 'in_review', 'needs_information', 'approved', 'narrowed', 'preserved']

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
  if (!isRequestId(id)) return undefined
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
            ...requestColumns(r),
            received_at: now,
            state_entered_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        await afterWrite(trx, r, audit, warning, now)
        return toStoredRequest(inserted)
      }),
    replace: (r, from, audit, warning, now) =>
      db.transaction().execute(async (trx) => {
        const locked = await trx
          .selectFrom('requests_request')
          .select('state')
          .where('id', '=', r.id)
          .where('state', '=', from)
          .forUpdate()
          .executeTakeFirst()
        if (!locked) return undefined
        const columns = requestColumns(r)
        const replaced = await trx
          .updateTable('requests_request')
          .set({ ...columns, ...(columns.state !== from ? { state_entered_at: now } : {}) })
          .where('id', '=', r.id)
          .returningAll()
          .executeTakeFirstOrThrow()
        if (r.document) await trx.deleteFrom('requests_document').where('request_id', '=', r.id).execute()
        await afterWrite(trx, r, audit, warning, now)
        return toStoredRequest(replaced)
      }),
  }
}

/** The columns a request's intake decides: its body, assessment and first state. */
function requestColumns(r: NewRequest) {
  return {
    process: r.request.process,
    agency_name: r.request.agency.name ?? '',
    country: r.request.agency.country,
    case_number: r.request.caseNumber ?? '',
    body: JSON.stringify(r.request),
    assessment: JSON.stringify(r.assessment),
    state: r.refused ? ('rejected' as const) : ('submitted' as const),
    reject_code: r.refused ? (r.assessment.rejectCode ?? null) : null,
    pending_conditions: JSON.stringify(r.assessment.pendingConditions.map((c) => c.code)),
    duplicate_of: r.assessment.duplicateOf ?? null,
    suspected_fraud: r.assessment.securityEvent,
  }
}

/** The document, audit entries and agency warning stored with a new or corrected request. */
async function afterWrite(
  trx: Kysely<Database>,
  r: NewRequest,
  audit: readonly AuditEvent[],
  warning: NewRequestWarning,
  now: Date,
): Promise<void> {
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
}

type NewRequestWarning = Parameters<RequestsStore['insert']>[2]

/** The requests use cases' ports over one database, as the server and the CLI wire them. */
export function createRequestsDeps(
  db: Kysely<Database>,
  accounts: AccountDataSource,
  settings: AssessmentSettings,
  options: { readonly identity?: RequestsDeps['identity']; readonly clock?: Clock; readonly random?: Random } = {},
): RequestsDeps {
  const identity = options.identity ?? createAuthStore(db)
  return {
    store: createRequestsStore(db, accounts),
    reviews: createReviewStore(db),
    identity,
    clock: options.clock ?? systemClock,
    random: options.random ?? nodeRandom,
    settings,
  }
}
