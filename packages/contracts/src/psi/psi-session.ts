import { z } from 'zod'
import { OrgId } from '../auth/identity.js'
import { PSI_MAX_ELEMENTS } from './psi-messages.js'
import { ResponderLearns, SelectorKind } from './psi-selector.js'

/** A PSI session's id. */
export const PsiSessionId = z.uuid().brand<'PsiSessionId'>()
export type PsiSessionId = z.infer<typeof PsiSessionId>

/**
 * Where a session stands. `proposed` → `accepted` (by the responder) → `blinded` (message 1
 * posted) → `replied` (message 2 posted) → `completed` (the initiator reported the result
 * size). The responder may instead decline a proposed session (`declined`, final). A session
 * past its deadline before completion is `expired` and refuses every step.
 */
export const PsiSessionStatus = z.enum(['proposed', 'accepted', 'declined', 'blinded', 'replied', 'completed', 'expired'])
export type PsiSessionStatus = z.infer<typeof PsiSessionStatus>

/** The longest a session may stay open, from its proposal. */
export const PSI_MAX_SESSION_HOURS = 24 * 14

/**
 * `POST /api/v1/psi/sessions`: one organisation proposes a session to another.
 *
 * @example
 * PsiSessionProposal.parse({ responderOrgId, purpose: 'Case 2026-114: phones tied to the X network', kind: 'phone', maxSetSize: 5000, responderLearns: 'cardinality', hours: 48 })
 */
export const PsiSessionProposal = z.object({
  responderOrgId: OrgId,
  /** Why: recorded in the audit log and shown to the responder before it accepts. */
  purpose: z.string().trim().min(10).max(1000),
  kind: SelectorKind,
  /** The most selectors either side may bring. */
  maxSetSize: z.int().min(1).max(PSI_MAX_ELEMENTS),
  /** `nothing` unless asked: under `cardinality` a responder can probe (see docs/PSI.md). */
  responderLearns: ResponderLearns.default('nothing'),
  /** Hours from now until the session expires. */
  hours: z.int().min(1).max(PSI_MAX_SESSION_HOURS).default(72),
})
export type PsiSessionProposal = z.input<typeof PsiSessionProposal>

/**
 * A PSI session as either party sees it: its terms, where it stands, and the sizes so far.
 * Never a selector: the server only ever holds blinded elements, and deletes them when the
 * session completes or expires.
 */
export const PsiSession = z.object({
  id: PsiSessionId,
  initiatorOrgId: OrgId,
  responderOrgId: OrgId,
  purpose: z.string(),
  kind: SelectorKind,
  maxSetSize: z.int(),
  responderLearns: ResponderLearns,
  status: PsiSessionStatus,
  createdAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  initiatorSetSize: z.int().nullable(),
  responderSetSize: z.int().nullable(),
  /** Shown to the responder only when the terms let it learn it. */
  intersectionSize: z.int().nullable(),
})
export type PsiSession = z.infer<typeof PsiSession>

/**
 * One step of a session's audit trail, as both parties see it: what happened, when, with
 * which outcome and details (sizes, message SHA-256, a refusal's reason). The acting user
 * is left out: the other organisation need not learn who works on the session.
 */
export const PsiAuditStep = z.object({
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  action: z.string(),
  outcome: z.enum(['success', 'failure', 'denied']),
  details: z.record(z.string(), z.unknown()),
})
export type PsiAuditStep = z.infer<typeof PsiAuditStep>

/** `GET /api/v1/psi/sessions/:id/audit`: the session's audit entries in order. */
export const PsiSessionAudit = z.object({ steps: z.array(PsiAuditStep) })
export type PsiSessionAudit = z.infer<typeof PsiSessionAudit>

/** `GET /api/v1/psi/sessions`. */
export const PsiSessionList = z.object({ sessions: z.array(PsiSession) })
export type PsiSessionList = z.infer<typeof PsiSessionList>
