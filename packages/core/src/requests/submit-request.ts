import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { type Assessment, type DataRequestInput, MAX_LEGAL_DOCUMENT_BYTES, type OrgId, type SubmitRequestBody } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import { assessRequest } from './assess-request.js'
import { isoDay } from './iso-date.js'
import { partiesOf } from './request-parties.js'
import type { LegalDocument, NewRequest, RequestsDeps, StoredRequest } from './requests-ports.js'

/** A submission as the portal receives it: the request, its platform, and the signed legal document. */
export interface SubmitRequestInput {
  readonly platformOrgId: OrgId
  readonly request: SubmitRequestBody['request']
  readonly document: { readonly filename: string; readonly signed: boolean; readonly content: Uint8Array }
}

/**
 * Submits a data request through the portal: the legal document must be a PDF within the
 * limit (its SHA-256 becomes the request's), the platform an active platform organisation, and
 * the requester's second factor is read from its account. Then {@link intakeRequest}.
 *
 * @example
 * const stored = await submitRequest(deps, requester, { platformOrgId, request, document: { filename: 'order.pdf', signed: true, content } })
 */
export async function submitRequest(deps: RequestsDeps, actor: Actor, input: SubmitRequestInput): Promise<StoredRequest> {
  if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'requests are submitted by a signed-in requester')
  const { content } = input.document
  const hash = legalDocumentHash(content)
  const platform = await deps.identity.findOrg(input.platformOrgId)
  if (platform?.kind !== 'platform' || platform.status !== 'active') {
    throw new VigilError('VALIDATION_FAILED', 'platformOrgId: not an active platform organisation')
  }
  const user = await deps.identity.findUser(actor.userId)
  return intakeRequest(deps, actor, {
    id: deps.random.uuid(),
    platformOrgId: input.platformOrgId,
    request: { ...input.request, legalDocument: { sha256: hash, signed: input.document.signed } },
    mfa: user?.totpEnabled === true,
    now: deps.clock.now(),
    document: { filename: input.document.filename, content, sha256: hash },
  })
}

/**
 * The SHA-256 (hex) of a legal document, once it is checked to be a PDF within the limit.
 *
 * @throws VigilError `PAYLOAD_TOO_LARGE` above {@link MAX_LEGAL_DOCUMENT_BYTES}, `VALIDATION_FAILED` for anything but a PDF
 * @example
 * legalDocumentHash(pdfBytes) // 'e3b0c442…'
 */
export function legalDocumentHash(content: Uint8Array): string {
  if (content.length > MAX_LEGAL_DOCUMENT_BYTES)
    throw new VigilError('PAYLOAD_TOO_LARGE', `the legal document exceeds ${MAX_LEGAL_DOCUMENT_BYTES} bytes`)
  if (String.fromCharCode(...content.subarray(0, 5)) !== '%PDF-')
    throw new VigilError('VALIDATION_FAILED', 'the legal document must be a PDF')
  return bytesToHex(sha256(content))
}

/** What the intake of a request needs besides the request. */
export interface IntakeParams {
  readonly id: string
  readonly platformOrgId: OrgId
  readonly request: DataRequestInput
  /** The requester's second factor on this session. */
  readonly mfa: boolean
  readonly now: Date
  /** The signed legal document, hashed; its SHA-256 is the request's. */
  readonly document?: LegalDocument
}

/**
 * The intake of a request: only a requester submits; the automated assessment runs against the
 * instance's data, and the request is stored with it, audited. A request refused at G1
 * (unverified or compromised sender) or as a duplicate is stored already rejected; the first is
 * also written to the audit log as a security event, and the impersonated agency warned.
 *
 * @example
 * const stored = await intakeRequest(deps, requester, { id, platformOrgId, request, mfa: true, now })
 */
export async function intakeRequest(deps: RequestsDeps, actor: Actor, p: IntakeParams): Promise<StoredRequest> {
  requireRequester(actor)
  const { assessment, refused, audit } = await assessSubmission(deps, actor, p, 'requests.submit')
  return deps.store.insert(newRequest(actor, p, assessment, refused), audit, assessment.agencyWarning, p.now)
}

/** A requester, as intake and correction require one. */
export function requireRequester(actor: Actor): asserts actor is Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user' || !partiesOf(actor).includes('requester')) {
    throw new VigilError('AUTH_FORBIDDEN', 'only requesters submit data requests')
  }
}

/**
 * The automated assessment of a submission or a correction against the instance's data, and
 * its audit entries: `action` (with the outcome), and a security event for a refused sender.
 * A correction (`p.id` already stored) is not its own duplicate.
 */
export async function assessSubmission(
  deps: RequestsDeps,
  actor: Actor,
  p: IntakeParams,
  action: 'requests.submit' | 'requests.correct',
  details: Record<string, unknown> = {},
): Promise<{ readonly assessment: Assessment; readonly refused: boolean; readonly audit: readonly AuditEvent[] }> {
  requireRequester(actor)
  const context = await deps.store.assessmentContext(p.request, {
    requester: { email: actor.email, mfa: p.mfa, government: actor.orgKind === 'government', orgId: actor.orgId },
    directory: [],
    compromised: { addresses: [], domains: [] },
    openRequests: [],
    callback: 'pending',
    resolvedTargets: [],
  })
  const others = { ...context, openRequests: context.openRequests.filter((o) => o.id !== p.id) }
  const assessment = assessRequest(p.request, others, deps.settings, isoDay(p.now))
  const refused = assessment.rejectCode === 'UNVERIFIED_REQUESTER' || assessment.rejectCode === 'DUPLICATE_REQUEST'
  const target = { type: 'data_request', id: p.id }
  const audit: AuditEvent[] = [
    {
      actor,
      action,
      target,
      outcome: 'success',
      details: { outcome: assessment.outcome, rejectCode: assessment.rejectCode, ...details },
    },
  ]
  if (assessment.securityEvent) {
    audit.push({
      actor,
      action: 'requests.security_event',
      target,
      outcome: 'denied',
      details: { reason: assessment.reasons.at(-1)?.message },
    })
  }
  return { assessment, refused, audit }
}

/** The request to store for a submission or a correction. */
export function newRequest(actor: Extract<Actor, { kind: 'user' }>, p: IntakeParams, assessment: Assessment, refused: boolean): NewRequest {
  return {
    id: p.id,
    agencyOrgId: actor.orgId,
    platformOrgId: p.platformOrgId,
    submittedBy: actor.userId,
    request: p.request,
    assessment,
    refused,
    ...(p.document ? { document: p.document } : {}),
  }
}
