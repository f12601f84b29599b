import type { KeyObject } from 'node:crypto'
import type { AssessmentSettings, ReviewAction } from '@vigil/contracts'
import {
  type AccountDataSource,
  type AccountExtract,
  type Actor,
  addDays,
  describeActor,
  isoDay,
  type StoredRequest,
  systemActor,
  VigilError,
} from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { buildDisclosurePackage, hashDownloadToken } from './disclosure-package.js'
import { applyReviewAction, getRequestForActor } from './requests-store.js'

/** What acting on a request needs besides the database. */
export interface RequestActionDeps {
  readonly db: Kysely<Database>
  readonly source: AccountDataSource
  readonly signingKey: KeyObject
  readonly settings: AssessmentSettings
}

/** A disclosure's download link, given once to the reviewer who discloses. */
export interface DownloadLink {
  readonly packageId: string
  readonly token: string
  readonly sha256: string
  readonly expiresAt: Date
}

/**
 * Applies a review action with its side effects in the same transaction: a decision queues or
 * holds the user notices (§3.4), a disclosure builds the signed package and its expiring link,
 * closing an emergency releases its held notices.
 */
export async function actOnRequest(
  deps: RequestActionDeps,
  actor: Actor,
  id: string,
  action: ReviewAction,
  now: Date,
): Promise<{ readonly request: StoredRequest; readonly download?: DownloadLink }> {
  if (action.type === 'disclose') return disclose(deps, actor, id, now)
  // Read the account holders before the transaction: the embedded database has one connection.
  const holders = action.type === 'approve' || action.type === 'narrow' ? await accountHolders(deps, actor, id) : []
  const request = await applyReviewAction(deps.db, actor, id, action, now, deps.settings, async (trx, before, after) => {
    if (action.type === 'approve' || action.type === 'narrow') await queueNotices(trx, holders, after, now)
    if (action.type === 'close' && before.process === 'emergency') {
      await trx
        .updateTable('requests_notice')
        .set({ status: 'queued', not_before: isoDay(now) })
        .where('request_id', '=', id)
        .where('status', '=', 'held')
        .where('not_before', 'is', null)
        .execute()
    }
    if (action.type === 'withdraw' || action.type === 'reject' || (action.type === 'record_callback' && after.state === 'rejected')) {
      await trx
        .updateTable('requests_notice')
        .set({ status: 'cancelled' })
        .where('request_id', '=', id)
        .where('status', 'in', ['held', 'queued'])
        .execute()
    }
  })
  return { request }
}

async function accountHolders(deps: RequestActionDeps, actor: Actor, id: string): Promise<readonly AccountExtract[]> {
  const current = await getRequestForActor(deps.db, actor, id)
  return deps.source.extract(current.request.targets, ['basic_subscriber_info'], { from: '0001-01-01', to: '9999-12-31' })
}

async function queueNotices(trx: Kysely<Database>, extracts: readonly AccountExtract[], request: StoredRequest, now: Date): Promise<void> {
  const plan = request.assessment.notification
  if (plan.timing === 'none') return
  const status = plan.timing === 'before_disclosure' ? 'queued' : 'held'
  // after_ndo_expiry: the day after the order expires; held: no date until legal sets one;
  // after_emergency: released when the request is closed.
  const notBefore = plan.timing === 'before_disclosure' ? isoDay(now) : (plan.notBefore ?? null)
  await trx.deleteFrom('requests_notice').where('request_id', '=', request.id).where('status', 'in', ['held', 'queued']).execute()
  if (extracts.length === 0) return
  await trx
    .insertInto('requests_notice')
    .values(
      extracts.map((e) => ({
        request_id: request.id,
        account_id: e.account.accountId,
        recipient: e.account.email ?? null,
        status,
        not_before: notBefore,
        created_at: now,
      })),
    )
    .execute()
}

async function disclose(deps: RequestActionDeps, actor: Actor, id: string, now: Date) {
  const current = await getRequestForActor(deps.db, actor, id)
  const plan = current.assessment.notification
  if (plan.timing === 'before_disclosure' && (current.state === 'approved' || current.state === 'narrowed')) {
    // §7 Q5: the account holder gets `waitDays` to object between notice and disclosure.
    const decided = await deps.db.selectFrom('requests_request').select('state_entered_at').where('id', '=', id).executeTakeFirstOrThrow()
    const earliest = addDays(isoDay(decided.state_entered_at), plan.waitDays ?? deps.settings.noticeWaitDays)
    if (isoDay(now) < earliest) {
      throw new VigilError('REQUESTS_CONDITIONS_PENDING', `the user notice period runs until ${earliest}`, { requestId: id, earliest })
    }
  }
  const dateRange = current.assessment.dateRange ?? current.request.dateRange
  if (!dateRange) throw new VigilError('REQUESTS_INVALID_TRANSITION', 'the request has no date range')
  const extracts = await deps.source.extract(current.request.targets, current.approvedCategories, dateRange)
  const built = await buildDisclosurePackage(
    extracts,
    {
      requestId: id,
      caseNumber: current.request.caseNumber ?? '',
      categories: current.approvedCategories,
      dateRange,
      fieldLimits: current.assessment.fieldLimits,
    },
    deps.signingKey,
    now,
  )
  const expiresAt = new Date(now.getTime() + deps.settings.downloadLinkHours * 3_600_000)
  const request = await applyReviewAction(deps.db, actor, id, { type: 'disclose' }, now, deps.settings, async (trx) => {
    await trx
      .insertInto('requests_package')
      .values({
        id: built.id,
        request_id: id,
        token_hash: built.tokenHash,
        sha256: built.sha256,
        manifest: JSON.stringify(built.manifest),
        content: built.zip,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute()
    // The link reaches the requesting agency through the request's thread, which only its
    // requesters and the platform's reviewers read; downloading still needs the agency's sign-in.
    await trx
      .insertInto('requests_message')
      .values({
        request_id: id,
        author: describeActor(actor),
        side: 'reviewer',
        text: `Disclosure package ready: ${packageDownloadPath(id, built.token)} (SHA-256 ${built.sha256}), until ${expiresAt.toISOString()}`,
        at: now,
      })
      .execute()
    await appendAudit(
      trx,
      {
        actor,
        action: 'requests.package.create',
        target: { type: 'data_request', id },
        outcome: 'success',
        details: { packageId: built.id, sha256: built.sha256, accounts: extracts.length },
      },
      now,
    )
  })
  return { request, download: { packageId: built.id, token: built.token, sha256: built.sha256, expiresAt } }
}

/** Where the requesting agency downloads a package, while its link lasts. */
export const packageDownloadPath = (requestId: string, token: string): string => `/api/v1/requests/${requestId}/package?token=${token}`

/**
 * A package's zip for its requester, by the secret of its link; every attempt is audited.
 *
 * @throws VigilError `REQUESTS_DOWNLOAD_EXPIRED` after the link's expiry, `NOT_FOUND` for a wrong link or a purged package
 */
export async function downloadPackage(db: Kysely<Database>, actor: Actor, requestId: string, token: string, now: Date): Promise<Buffer> {
  const request = await getRequestForActor(db, actor, requestId)
  if (actor.kind !== 'user' || actor.orgId !== request.agencyOrgId)
    throw new VigilError('AUTH_FORBIDDEN', 'only the requesting agency downloads its package')
  const pkg = await db
    .selectFrom('requests_package')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('token_hash', '=', hashDownloadToken(token))
    .executeTakeFirst()
  const target = { type: 'data_request', id: requestId }
  if (!pkg || pkg.content === null) {
    await appendAudit(
      db,
      { actor, action: 'requests.package.download', target, outcome: 'denied', details: { reason: pkg ? 'purged' : 'unknown link' } },
      now,
    )
    throw new VigilError('NOT_FOUND', 'no such package')
  }
  if (now >= pkg.expires_at) {
    await appendAudit(
      db,
      { actor, action: 'requests.package.download', target, outcome: 'denied', details: { packageId: pkg.id, reason: 'expired' } },
      now,
    )
    throw new VigilError('REQUESTS_DOWNLOAD_EXPIRED', `the download link expired at ${pkg.expires_at.toISOString()}`)
  }
  await appendAudit(
    db,
    { actor, action: 'requests.package.download', target, outcome: 'success', details: { packageId: pkg.id, sha256: pkg.sha256 } },
    now,
  )
  return Buffer.from(pkg.content)
}

/** Moves held notices whose day has come to the queue (an NDO expired yesterday). */
export async function releaseDueNotices(db: Kysely<Database>, now: Date): Promise<number> {
  const released = await db
    .updateTable('requests_notice')
    .set({ status: 'queued' })
    .where('status', '=', 'held')
    .where('not_before', 'is not', null)
    .where('not_before', '<=', isoDay(now))
    .returning('id')
    .execute()
  if (released.length > 0) {
    await appendAudit(
      db,
      {
        actor: systemActor('requests-notices'),
        action: 'requests.notice.release',
        outcome: 'success',
        details: { count: released.length },
      },
      now,
    )
  }
  return released.length
}

/**
 * Purges legal documents and disclosure packages older than the retention period (their
 * content; the rows and hashes stay as evidence), audited.
 */
export async function purgeExpiredRecords(
  db: Kysely<Database>,
  now: Date,
  retentionDays: number,
): Promise<{ documents: number; packages: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000)
  return db.transaction().execute(async (trx) => {
    const documents = await trx
      .updateTable('requests_document')
      .set({ content: null, purged_at: now })
      .where('purged_at', 'is', null)
      .where('stored_at', '<', cutoff)
      .returning('request_id')
      .execute()
    const packages = await trx
      .updateTable('requests_package')
      .set({ content: null, purged_at: now })
      .where('purged_at', 'is', null)
      .where('created_at', '<', cutoff)
      .returning('id')
      .execute()
    const result = { documents: documents.length, packages: packages.length }
    if (result.documents + result.packages === 0) return result
    await appendAudit(
      trx,
      {
        actor: systemActor('requests-retention'),
        action: 'requests.retention.purge',
        outcome: 'success',
        details: { ...result, retentionDays, cutoff: cutoff.toISOString() },
      },
      now,
    )
    return result
  })
}
