import type { CorrectRequestBody, DataRequestInput, IntakeDefaults } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import { domainMatches, domainOf } from './intake-gates.js'
import { partyOf } from './request-parties.js'
import type { LegalDocument, RequestsDeps, StoredRequest } from './requests-ports.js'
import { review } from './review-machine.js'
import type { ReviewDeps } from './review-ports.js'
import { assessSubmission, legalDocumentHash, newRequest, requireRequester } from './submit-request.js'

/** A correction as the portal receives it: the whole request again, and a new document if any. */
export interface CorrectRequestInput {
  readonly request: CorrectRequestBody['request']
  readonly document?: { readonly filename: string; readonly signed: boolean; readonly content: Uint8Array }
}

// A requester may change its mind only until a reviewer has picked the request up.
function reviewStarted(request: Pick<StoredRequest, 'id' | 'state'>, what: 'withdrawn' | 'corrected'): VigilError {
  const why =
    request.state === 'submitted'
      ? 'a reviewer picked it up meanwhile'
      : `it is ${request.state.replaceAll('_', ' ')}, and only a request awaiting review can be ${what}`
  return new VigilError('REQUESTS_REVIEW_STARTED', `the request can no longer be ${what}: ${why}`, {
    requestId: request.id,
    state: request.state,
  })
}

/** The request, if `actor` is of its requesting agency; a stranger gets `NOT_FOUND`, its reviewer `AUTH_FORBIDDEN`. */
async function ownRequest(store: Pick<ReviewDeps['store'], 'find'>, actor: Actor, id: string, what: string): Promise<StoredRequest> {
  const found = await store.find(id)
  const party = found ? partyOf(actor, found) : undefined
  if (!found || party === undefined) throw new VigilError('NOT_FOUND', `no request ${id}`)
  if (party !== 'requester') throw new VigilError('AUTH_FORBIDDEN', `only the requesting agency ${what} its request`)
  return found
}

/**
 * Withdraws a request before review starts: only its requesting agency may, and once a reviewer
 * has picked it up (or it was refused at intake) the answer is `REQUESTS_REVIEW_STARTED`. The
 * state machine's `withdraw` records it, audited, and its notices are cancelled, in one transaction.
 *
 * @example
 * const withdrawn = await withdrawRequest(deps, requester, id)
 */
export async function withdrawRequest(deps: ReviewDeps, actor: Actor, id: string): Promise<StoredRequest> {
  const now = deps.clock.now()
  await ownRequest(deps.store, actor, id, 'withdraws')
  const withdrawn = await deps.store.change(
    id,
    (locked) => {
      if (locked.state !== 'submitted') throw reviewStarted(locked, 'withdrawn')
      return { transition: review(locked, actor, { type: 'withdraw' }, now, deps.settings), effects: { notices: { cancel: true } } }
    },
    now,
  )
  if (!withdrawn) throw new VigilError('NOT_FOUND', `no request ${id}`)
  return withdrawn
}

/** A value as JSON with its keys sorted: stored JSON does not keep the order they were sent in. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return `{${entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`)
    .join(',')}}`
}

/** The top-level fields a correction changed, for the audit entry. */
function changedFields(before: DataRequestInput, after: DataRequestInput): string[] {
  const was = new Map(Object.entries(before))
  const is = new Map(Object.entries(after))
  const keys = new Set([...was.keys(), ...is.keys()])
  return [...keys].filter((k) => sortedJson(was.get(k)) !== sortedJson(is.get(k))).sort()
}

/**
 * Corrects a request before review starts: its requesting agency sends the whole request again
 * (and a new signed document, or keeps the stored one); it is assessed again as at intake, and
 * replaced with its audit entry (`requests.correct`, naming the changed fields) in one
 * transaction. Refused with `REQUESTS_REVIEW_STARTED` once a reviewer has picked it up.
 *
 * @example
 * const corrected = await correctRequest(deps, requester, id, { request: { ...before, caseNumber: 'FBI-2026-0043' } })
 */
export async function correctRequest(deps: RequestsDeps, actor: Actor, id: string, input: CorrectRequestInput): Promise<StoredRequest> {
  requireRequester(actor)
  const current = await ownRequest(deps.reviews, actor, id, 'corrects')
  if (current.state !== 'submitted') throw reviewStarted(current, 'corrected')
  const document: LegalDocument | undefined = input.document
    ? { filename: input.document.filename, content: input.document.content, sha256: legalDocumentHash(input.document.content) }
    : undefined
  const legalDocument =
    document && input.document ? { sha256: document.sha256, signed: input.document.signed } : current.request.legalDocument
  const request = { ...input.request, ...(legalDocument ? { legalDocument } : {}) }
  const user = await deps.identity.findUser(actor.userId)
  const now = deps.clock.now()
  const params = {
    id,
    platformOrgId: current.platformOrgId,
    request,
    mfa: user?.totpEnabled === true,
    now,
    ...(document ? { document } : {}),
  }
  const { assessment, refused, audit } = await assessSubmission(deps, actor, params, 'requests.correct', {
    changed: changedFields(current.request, request),
  })
  const replaced = await deps.store.replace(
    { ...newRequest(actor, params, assessment, refused), agencyOrgId: current.agencyOrgId },
    'submitted',
    audit,
    assessment.agencyWarning,
    now,
  )
  if (!replaced) throw reviewStarted(current, 'corrected')
  return replaced
}

/**
 * What the intake form fills in for a requester: its agency as the verified-agency directory
 * lists its organisation (by the organisation, else by name and the requester's mail domain),
 * and its own address.
 *
 * @example
 * const { agency, officialEmail } = await intakeDefaults(deps, requester)
 */
export async function intakeDefaults(deps: Pick<RequestsDeps, 'identity' | 'reviews'>, actor: Actor): Promise<IntakeDefaults> {
  requireRequester(actor)
  const [org, directory] = await Promise.all([deps.identity.findOrg(actor.orgId), deps.reviews.directory()])
  const domain = domainOf(actor.email)
  const entry =
    directory.find((e) => e.orgId === actor.orgId) ??
    directory.find(
      (e) =>
        org !== undefined &&
        e.agency.trim().toLowerCase() === org.name.trim().toLowerCase() &&
        domain !== undefined &&
        e.domains.some((d) => domainMatches(domain, d)),
    )
  return {
    agency: entry ? { name: entry.agency, country: entry.country, callbackPhone: entry.callbackPhone } : null,
    officialEmail: actor.email,
  }
}
