import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { AgencyDirectoryEntry, RequestRecord, ReviewAction } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import type { AccountExtract } from './account-data-source.js'
import { agencyWarning } from './intake-gates.js'
import { addDays, isoDay } from './iso-date.js'
import { partiesOf, partyOf } from './request-parties.js'
import type { StoredRequest } from './requests-ports.js'
import { review, type Transition } from './review-machine.js'
import type { RequestMessage, ReviewChange, ReviewDeps, ReviewEffects, StoredDocument } from './review-ports.js'

/** What an action leaves: the request, and for a disclosure its download link, given once. */
export interface ReviewOutcome {
  readonly request: StoredRequest
  readonly download?: { readonly packageId: string; readonly token: string; readonly sha256: string; readonly expiresAt: Date }
}

const target = (id: string) => ({ type: 'data_request', id })

/**
 * One request as `actor` may see it (the party rule): a requester only its own agency's, a
 * reviewer only its own platform's. Anything else is `NOT_FOUND`, so ids of others' requests
 * are not confirmed.
 *
 * @example
 * const request = await getRequest(deps, reviewer, id)
 */
export async function getRequest(deps: Pick<ReviewDeps, 'store'>, actor: Actor, id: string): Promise<StoredRequest> {
  const found = await deps.store.find(id)
  if (!found || partyOf(actor, found) === undefined) throw new VigilError('NOT_FOUND', `no request ${id}`)
  return found
}

/**
 * The requests `actor` may see, newest first: its agency's as a requester, its platform's as a
 * reviewer.
 *
 * @example
 * const mine = await listRequests(deps, requester)
 */
export async function listRequests(deps: Pick<ReviewDeps, 'store'>, actor: Actor, limit = 100): Promise<StoredRequest[]> {
  if (actor.kind === 'system') throw new VigilError('AUTH_FORBIDDEN', 'list requests as a user')
  const parties = partiesOf(actor)
  if (parties.length === 0) return []
  return deps.store.list(
    {
      ...(parties.includes('requester') ? { agencyOrgId: actor.orgId } : {}),
      ...(parties.includes('reviewer') ? { platformOrgId: actor.orgId } : {}),
    },
    limit,
  )
}

/**
 * One request with its message thread, as `actor` may see it.
 *
 * @example
 * const { request, messages } = await readRequestThread(deps, requester, id)
 */
export async function readRequestThread(
  deps: Pick<ReviewDeps, 'store'>,
  actor: Actor,
  id: string,
): Promise<{ readonly request: StoredRequest; readonly messages: readonly RequestMessage[] }> {
  const request = await getRequest(deps, actor, id)
  return { request, messages: await deps.store.messages(request.id) }
}

/** Applies `decide` to the locked request in the store's one transaction. */
async function change(deps: Pick<ReviewDeps, 'store'>, id: string, now: Date, decide: (locked: StoredRequest) => ReviewChange) {
  const changed = await deps.store.change(id, decide, now)
  if (!changed) throw new VigilError('NOT_FOUND', `no request ${id}`)
  return changed
}

// The account holders a decision's notices go to: every resolved target, over all time.
const ALL_TIME = { from: '0001-01-01', to: '9999-12-31' }

/** The notice and security side effects of a transition (§3.4, §3.2 E4). */
function effectsOf(
  locked: StoredRequest,
  actor: Actor,
  action: ReviewAction,
  t: Transition,
  holders: readonly AccountExtract[],
  directory: readonly AgencyDirectoryEntry[],
  now: Date,
): ReviewEffects {
  const effects: { -readonly [K in keyof ReviewEffects]: ReviewEffects[K] } = {}
  const plan = locked.assessment.notification
  if ((action.type === 'approve' || action.type === 'narrow') && plan.timing !== 'none') {
    // after_ndo_expiry: the day after the order expires; held: no date until legal sets one;
    // after_emergency: released when the request is closed.
    effects.notices = {
      queue: {
        status: plan.timing === 'before_disclosure' ? 'queued' : 'held',
        notBefore: plan.timing === 'before_disclosure' ? isoDay(now) : (plan.notBefore ?? null),
        recipients: holders.map((e) => ({ accountId: e.account.accountId, email: e.account.email ?? null })),
      },
    }
  }
  if (action.type === 'close' && locked.process === 'emergency') effects.notices = { releaseUndated: isoDay(now) }
  if (action.type === 'withdraw' || action.type === 'reject' || (action.type === 'record_callback' && t.record.state === 'rejected')) {
    effects.notices = { cancel: true }
  }
  if (t.securityEvent) {
    effects.audit = [
      { actor, action: 'requests.security_event', target: target(locked.id), outcome: 'denied', details: { reason: t.securityEvent.kind } },
    ]
    const warning = agencyWarning(
      locked.request,
      directory,
      [locked.request.official.email].filter((a): a is string => Boolean(a)),
      'the call-back through the directory number failed',
    )
    if (warning) effects.agencyWarning = warning
  }
  return effects
}

/**
 * Applies one review action (the state machine decides who may, from which state) with its
 * side effects, all in one transaction: a decision queues or holds the user notices (§3.4), a
 * withdrawal or rejection cancels them, closing an emergency releases its held notices, a failed
 * call-back is a security event that warns the impersonated agency, and a disclosure builds the
 * signed package and its expiring link.
 *
 * @example
 * const { request } = await actOnRequest(deps, reviewer, id, { type: 'start_review' })
 */
export async function actOnRequest(deps: ReviewDeps, actor: Actor, id: string, action: ReviewAction): Promise<ReviewOutcome> {
  const now = deps.clock.now()
  const current = await getRequest(deps, actor, id)
  if (action.type === 'disclose') return disclose(deps, actor, current, now)
  // Read what the change needs before its transaction: the embedded database has one connection.
  const holders =
    action.type === 'approve' || action.type === 'narrow'
      ? await deps.accounts.extract(current.request.targets, ['basic_subscriber_info'], ALL_TIME)
      : []
  const directory = action.type === 'record_callback' && action.result === 'failed' ? await deps.store.directory() : []
  const request = await change(deps, current.id, now, (locked) => {
    const transition = review(locked, actor, action, now, deps.settings)
    return { transition, effects: effectsOf(locked, actor, action, transition, holders, directory, now) }
  })
  return { request }
}

/** Where the requesting agency downloads a package, while its link lasts. */
export const packageDownloadPath = (requestId: string, token: string): string => `/api/v1/requests/${requestId}/package?token=${token}`

/** The stored form of a download link's secret: its SHA-256, hex. */
export const hashDownloadToken = (token: string): string => bytesToHex(sha256(utf8ToBytes(token)))

async function disclose(deps: ReviewDeps, actor: Actor, current: StoredRequest, now: Date): Promise<ReviewOutcome> {
  const plan = current.assessment.notification
  if (plan.timing === 'before_disclosure' && (current.state === 'approved' || current.state === 'narrowed')) {
    // §7 Q5: the account holder gets `waitDays` to object between notice and disclosure.
    const earliest = addDays(isoDay(current.stateEnteredAt), plan.waitDays ?? deps.settings.noticeWaitDays)
    if (isoDay(now) < earliest) {
      throw new VigilError('REQUESTS_CONDITIONS_PENDING', `the user notice period runs until ${earliest}`, {
        requestId: current.id,
        earliest,
      })
    }
  }
  const dateRange = current.assessment.dateRange ?? current.request.dateRange
  if (!dateRange) throw new VigilError('REQUESTS_INVALID_TRANSITION', 'the request has no date range')
  if (!deps.packager) throw new VigilError('CONFIG_INVALID', 'this process holds no signing key for disclosure packages')
  const extracts = await deps.accounts.extract(current.request.targets, current.approvedCategories, dateRange)
  const built = await deps.packager.build(
    extracts,
    {
      requestId: current.id,
      caseNumber: current.request.caseNumber ?? '',
      categories: current.approvedCategories,
      dateRange,
      fieldLimits: current.assessment.fieldLimits,
    },
    now,
  )
  const expiresAt = new Date(now.getTime() + deps.settings.downloadLinkHours * 3_600_000)
  const audit: AuditEvent = {
    actor,
    action: 'requests.package.create',
    target: target(current.id),
    outcome: 'success',
    details: { packageId: built.id, sha256: built.sha256, accounts: extracts.length },
  }
  const request = await change(deps, current.id, now, (locked) => ({
    transition: review(locked, actor, { type: 'disclose' }, now, deps.settings),
    effects: {
      package: { id: built.id, tokenHash: built.tokenHash, sha256: built.sha256, manifest: built.manifest, content: built.zip, expiresAt },
      // The link reaches the requesting agency through the request's thread, which only its
      // requesters and the platform's reviewers read; downloading still needs the agency's sign-in.
      messages: [
        {
          from: 'reviewer',
          text: `Disclosure package ready: ${packageDownloadPath(current.id, built.token)} (SHA-256 ${built.sha256}), until ${expiresAt.toISOString()}`,
        },
      ],
      audit: [audit],
    },
  }))
  return { request, download: { packageId: built.id, token: built.token, sha256: built.sha256, expiresAt } }
}

/**
 * A package's zip for the requesting agency, by the secret of its link; every attempt is audited.
 *
 * @throws VigilError `REQUESTS_DOWNLOAD_EXPIRED` after the link's expiry, `NOT_FOUND` for a wrong link or a purged package
 * @example
 * const zip = await downloadPackage(deps, requester, id, token)
 */
export async function downloadPackage(
  deps: Pick<ReviewDeps, 'store' | 'clock'>,
  actor: Actor,
  requestId: string,
  token: string,
): Promise<Uint8Array> {
  const now = deps.clock.now()
  const request = await getRequest(deps, actor, requestId)
  if (partyOf(actor, request) !== 'requester') throw new VigilError('AUTH_FORBIDDEN', 'only the requesting agency downloads its package')
  const pkg = await deps.store.findPackage(requestId, hashDownloadToken(token))
  const event = (outcome: AuditEvent['outcome'], details: Record<string, unknown>): AuditEvent => ({
    actor,
    action: 'requests.package.download',
    target: target(requestId),
    outcome,
    details,
  })
  if (!pkg || pkg.content === null) {
    await deps.store.audit(event('denied', { reason: pkg ? 'purged' : 'unknown link' }), now)
    throw new VigilError('NOT_FOUND', 'no such package')
  }
  if (now >= pkg.expiresAt) {
    await deps.store.audit(event('denied', { packageId: pkg.id, reason: 'expired' }), now)
    throw new VigilError('REQUESTS_DOWNLOAD_EXPIRED', `the download link expired at ${pkg.expiresAt.toISOString()}`)
  }
  await deps.store.audit(event('success', { packageId: pkg.id, sha256: pkg.sha256 }), now)
  return pkg.content
}

/**
 * The signed legal document of a request, for the parties to it only: its agency's requesters
 * and its platform's reviewers. Every attempt is audited (`requests.document.read`), refused ones too.
 *
 * @throws VigilError `NOT_FOUND` when the actor is no party to the request, or the document was never stored or has been purged
 * @example
 * const pdf = await readLegalDocument(deps, reviewer, id)
 */
export async function readLegalDocument(
  deps: Pick<ReviewDeps, 'store' | 'clock'>,
  actor: Actor,
  requestId: string,
): Promise<StoredDocument & { readonly content: Uint8Array }> {
  const now = deps.clock.now()
  const deny = async (reason: string): Promise<never> => {
    await deps.store.audit(
      { actor, action: 'requests.document.read', target: target(requestId), outcome: 'denied', details: { reason } },
      now,
    )
    throw new VigilError('NOT_FOUND', 'no legal document for this request')
  }
  const request = await deps.store.find(requestId)
  if (!request || partyOf(actor, request) === undefined) return deny('not a party to the request')
  const doc = await deps.store.document(requestId)
  if (!doc) return deny('no document stored')
  if (doc.content === null) return deny('purged')
  await deps.store.audit(
    { actor, action: 'requests.document.read', target: target(requestId), outcome: 'success', details: { sha256: doc.sha256 } },
    now,
  )
  return { ...doc, content: doc.content }
}

// A request's events are a few dozen; this bounds a pathological one (a link tried in a loop).
const MAX_EVENTS = 2000

/**
 * The record of one request for a reviewer of its platform: its disclosure packages and its
 * audited events (download attempts included).
 *
 * @throws VigilError `NOT_FOUND` for a request the actor may not see, `AUTH_FORBIDDEN` for its requester
 * @example
 * const { packages, events } = await readRequestRecord(deps, reviewer, id)
 */
export async function readRequestRecord(deps: Pick<ReviewDeps, 'store'>, actor: Actor, requestId: string): Promise<RequestRecord> {
  const request = await getRequest(deps, actor, requestId)
  if (partyOf(actor, request) !== 'reviewer')
    throw new VigilError('AUTH_FORBIDDEN', "a request's record is for the reviewers of its platform")
  const [packages, events] = await Promise.all([deps.store.packages(requestId), deps.store.events(requestId, MAX_EVENTS)])
  return {
    packages: packages.map((p) => ({
      id: p.id,
      sha256: p.sha256,
      createdAt: p.createdAt.toISOString(),
      expiresAt: p.expiresAt.toISOString(),
      purgedAt: p.purgedAt?.toISOString() ?? null,
    })),
    events,
  }
}
