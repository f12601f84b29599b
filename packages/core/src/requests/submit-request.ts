import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { type DataRequestInput, MAX_LEGAL_DOCUMENT_BYTES, type OrgId, type SubmitRequestBody } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import { assessRequest } from './assess-request.js'
import { isoDay } from './iso-date.js'
import { partiesOf } from './request-parties.js'
import type { LegalDocument, RequestsDeps, StoredRequest } from './requests-ports.js'

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
  if (content.length > MAX_LEGAL_DOCUMENT_BYTES)
    throw new VigilError('PAYLOAD_TOO_LARGE', `the legal document exceeds ${MAX_LEGAL_DOCUMENT_BYTES} bytes`)
  if (String.fromCharCode(...content.subarray(0, 5)) !== '%PDF-')
    throw new VigilError('VALIDATION_FAILED', 'the legal document must be a PDF')
  const hash = bytesToHex(sha256(content))
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
  if (actor.kind !== 'user' || !partiesOf(actor).includes('requester')) {
    throw new VigilError('AUTH_FORBIDDEN', 'only requesters submit data requests')
  }
  const context = await deps.store.assessmentContext(p.request, {
    requester: { email: actor.email, mfa: p.mfa, government: actor.orgKind === 'government', orgId: actor.orgId },
    directory: [],
    compromised: { addresses: [], domains: [] },
    openRequests: [],
    callback: 'pending',
    resolvedTargets: [],
  })
  const assessment = assessRequest(p.request, context, deps.settings, isoDay(p.now))
  const refused = assessment.rejectCode === 'UNVERIFIED_REQUESTER' || assessment.rejectCode === 'DUPLICATE_REQUEST'
  const target = { type: 'data_request', id: p.id }
  const audit: AuditEvent[] = [
    {
      actor,
      action: 'requests.submit',
      target,
      outcome: 'success',
      details: { outcome: assessment.outcome, rejectCode: assessment.rejectCode },
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
  return deps.store.insert(
    {
      id: p.id,
      agencyOrgId: actor.orgId,
      platformOrgId: p.platformOrgId,
      submittedBy: actor.userId,
      request: p.request,
      assessment,
      refused,
      ...(p.document ? { document: p.document } : {}),
    },
    audit,
    assessment.agencyWarning,
    p.now,
  )
}
