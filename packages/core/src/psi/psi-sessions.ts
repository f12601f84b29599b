import {
  type InitiatorBlinded,
  type InitiatorOutcome,
  PSI_MAX_ELEMENTS,
  type PsiSession,
  type PsiSessionAudit,
  type PsiSessionId,
  PsiSessionProposal,
  type PsiSessionStatus,
  type ResponderReply,
} from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import { type Actor, systemActor } from '../auth/actor.js'
import { requirePermission } from '../auth/require-permission.js'
import { type ErrorCode, isVigilError, VigilError } from '../shared/errors.js'
import { sessionBinding } from './psi-element.js'
import type { PsiDeps, PsiSessionChange, PsiSessionRecord } from './psi-session-ports.js'
import { type PsiStepMessage, psiMessageDigest, verifyPsiMessage } from './psi-signature.js'

type UserActor = Extract<Actor, { kind: 'user' }>
type Side = 'initiator' | 'responder'
const HOUR = 3_600_000
const DAY = 24 * HOUR

function requirePsiUser(actor: Actor): UserActor {
  requirePermission(actor, 'psi:run')
  if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'a PSI session is run by a member of an organisation')
  return actor
}

/** The status a session has at `now`: stored, or `expired` once its deadline passed unfinished (neither completed nor declined). */
export function psiSessionStatus(session: PsiSessionRecord, now: Date): PsiSessionStatus {
  const final = session.status === 'completed' || session.status === 'declined'
  return !final && now >= session.expiresAt ? 'expired' : session.status
}

/**
 * A session as `actor`'s organisation may see it: the intersection size is hidden from
 * the responder unless the terms let it learn it.
 */
export function viewPsiSession(session: PsiSessionRecord, actor: UserActor, now: Date): PsiSession {
  const iso = (d: Date | null) => (d ? d.toISOString() : null)
  const mayKnowSize = actor.orgId === session.initiatorOrgId || session.responderLearns === 'cardinality'
  return {
    id: session.id,
    initiatorOrgId: session.initiatorOrgId,
    responderOrgId: session.responderOrgId,
    purpose: session.purpose,
    kind: session.kind,
    maxSetSize: session.maxSetSize,
    responderLearns: session.responderLearns,
    status: psiSessionStatus(session, now),
    createdAt: session.createdAt.toISOString(),
    acceptedAt: iso(session.acceptedAt),
    expiresAt: session.expiresAt.toISOString(),
    completedAt: iso(session.completedAt),
    initiatorSetSize: session.initiatorSetSize,
    responderSetSize: session.responderSetSize,
    intersectionSize: mayKnowSize ? session.intersectionSize : null,
  }
}

/** Loads a session the actor's organisation takes part in; others get NOT_FOUND, not a hint that it exists. */
async function loadOwn(deps: PsiDeps, actor: UserActor, id: PsiSessionId): Promise<PsiSessionRecord> {
  const session = await deps.store.find(id)
  if (!session || (session.initiatorOrgId !== actor.orgId && session.responderOrgId !== actor.orgId)) {
    throw new VigilError('NOT_FOUND', 'no such PSI session', { id })
  }
  return session
}

/** Throws unless `actor` is on `side` and the session, at `now`, is in status `expected`. */
function requireStep(session: PsiSessionRecord, actor: UserActor, side: Side, expected: PsiSessionRecord['status'], now: Date): void {
  const sideOrg = side === 'initiator' ? session.initiatorOrgId : session.responderOrgId
  if (actor.orgId !== sideOrg) throw new VigilError('AUTH_FORBIDDEN', `only the ${side} organisation may take this step`)
  const status = psiSessionStatus(session, now)
  if (status === 'expired')
    throw new VigilError('PSI_SESSION_EXPIRED', `PSI session ${session.id} expired at ${session.expiresAt.toISOString()}`)
  if (status !== expected) {
    throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${session.id} is ${status}; this step needs it ${expected}`, {
      status,
      expected,
    })
  }
}

async function applyStep(
  deps: PsiDeps,
  actor: UserActor,
  session: PsiSessionRecord,
  change: PsiSessionChange,
  action: string,
  details: Record<string, unknown>,
) {
  const now = deps.clock.now()
  const audit = { actor, action, target: { type: 'psi-session', id: session.id }, outcome: 'success' as const, details }
  if (!(await deps.store.transition(session.id, session.status, change, audit, now))) {
    throw new VigilError('PSI_SESSION_NOT_RUNNABLE', `PSI session ${session.id} changed meanwhile; read it again`)
  }
  const { message: _stored, ...fields } = change
  return viewPsiSession({ ...session, ...fields }, actor, now)
}

// The refusals worth an audit entry: an abuse of the limits, or a peer sending what it may not.
const AUDITED_REFUSALS: readonly ErrorCode[] = [
  'RATE_LIMITED',
  'PSI_SET_TOO_LARGE',
  'PSI_INVALID_MESSAGE',
  'PSI_SIGNATURE_INVALID',
  'VALIDATION_FAILED',
]

/** Runs one step; if it is refused for a reason in `AUDITED_REFUSALS`, audits the refusal (`denied`) and throws on. */
async function auditingRefusal<T>(deps: PsiDeps, actor: UserActor, action: string, sessionId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (err) {
    if (isVigilError(err) && AUDITED_REFUSALS.includes(err.code)) {
      const event: AuditEvent = {
        actor,
        action,
        target: { type: 'psi-session', id: sessionId },
        outcome: 'denied',
        details: { code: err.code, reason: err.message },
      }
      await deps.store.recordRefusal(event, deps.clock.now())
    }
    throw err
  }
}

/**
 * Proposes a session to another organisation, within the limit of sessions per pair and period.
 *
 * @example
 * await proposePsiSession(deps, actor, { responderOrgId, purpose: 'Case 114: shared phones', kind: 'phone', maxSetSize: 5000 })
 */
export async function proposePsiSession(deps: PsiDeps, actor: Actor, input: PsiSessionProposal): Promise<PsiSession> {
  const user = requirePsiUser(actor)
  const id = deps.random.uuid() as PsiSessionId
  return auditingRefusal(deps, user, 'psi.session.proposed', id, () => proposeAs(deps, user, id, input))
}

async function proposeAs(deps: PsiDeps, user: UserActor, id: PsiSessionId, input: PsiSessionProposal): Promise<PsiSession> {
  const proposal = PsiSessionProposal.parse(input)
  if (proposal.responderOrgId === user.orgId) throw new VigilError('VALIDATION_FAILED', 'a PSI session needs another organisation')
  const responder = await deps.findOrg(proposal.responderOrgId)
  if (responder?.status !== 'active') throw new VigilError('NOT_FOUND', 'no such active organisation', { id: proposal.responderOrgId })
  const now = deps.clock.now()
  const session: PsiSessionRecord = {
    id,
    initiatorOrgId: user.orgId,
    responderOrgId: responder.id,
    proposedBy: user.userId,
    purpose: proposal.purpose,
    kind: proposal.kind,
    maxSetSize: Math.min(proposal.maxSetSize, PSI_MAX_ELEMENTS),
    responderLearns: proposal.responderLearns,
    status: 'proposed',
    createdAt: now,
    acceptedAt: null,
    expiresAt: new Date(now.getTime() + proposal.hours * HOUR),
    completedAt: null,
    initiatorSetSize: null,
    responderSetSize: null,
    intersectionSize: null,
  }
  const { kind, maxSetSize, responderLearns, purpose } = session
  const audit = {
    actor: user,
    action: 'psi.session.proposed',
    target: { type: 'psi-session', id: session.id },
    outcome: 'success' as const,
    details: { responderOrgId: responder.id, kind, maxSetSize, responderLearns, purpose, expiresAt: session.expiresAt.toISOString() },
  }
  const limit = { since: new Date(now.getTime() - deps.limits.periodDays * DAY), max: deps.limits.sessionsPerPair }
  if (!(await deps.store.insertWithinLimit(session, limit, audit, now))) {
    throw new VigilError(
      'RATE_LIMITED',
      `these two organisations already opened ${limit.max} PSI sessions in the last ${deps.limits.periodDays} days`,
      { limit: limit.max, periodDays: deps.limits.periodDays },
    )
  }
  return viewPsiSession(session, user, now)
}

/** The responder accepts a proposed session; until then, nothing runs. */
export async function acceptPsiSession(deps: PsiDeps, actor: Actor, id: PsiSessionId): Promise<PsiSession> {
  const user = requirePsiUser(actor)
  const session = await loadOwn(deps, user, id)
  requireStep(session, user, 'responder', 'proposed', deps.clock.now())
  return applyStep(deps, user, session, { status: 'accepted', acceptedAt: deps.clock.now() }, 'psi.session.accepted', {})
}

/**
 * The responder declines a proposed session: final, nothing runs. Audited as
 * `psi.session.declined`, with the reason if one is given.
 *
 * @example
 * await declinePsiSession(deps, actor, id, 'no legal basis for this purpose')
 */
export async function declinePsiSession(deps: PsiDeps, actor: Actor, id: PsiSessionId, reason?: string): Promise<PsiSession> {
  const user = requirePsiUser(actor)
  const session = await loadOwn(deps, user, id)
  requireStep(session, user, 'responder', 'proposed', deps.clock.now())
  return applyStep(deps, user, session, { status: 'declined' }, 'psi.session.declined', reason ? { reason } : {})
}

/**
 * A session's audit trail, for either party: every entry about it in order, without the
 * acting user (the other organisation need not learn who works on it).
 *
 * @example
 * const { steps } = await psiSessionAudit(deps, actor, id)
 */
export async function psiSessionAudit(deps: PsiDeps, actor: Actor, id: PsiSessionId): Promise<PsiSessionAudit> {
  const user = requirePsiUser(actor)
  const session = await loadOwn(deps, user, id)
  const entries = await deps.store.auditTrail(session.id)
  return { steps: entries.map(({ seq, at, action, outcome, details }) => ({ seq, at, action, outcome, details })) }
}

/** A session the actor's organisation takes part in. */
export async function getPsiSession(deps: PsiDeps, actor: Actor, id: PsiSessionId): Promise<PsiSession> {
  const user = requirePsiUser(actor)
  return viewPsiSession(await loadOwn(deps, user, id), user, deps.clock.now())
}

/** The sessions the actor's organisation takes part in, newest first. */
export async function listPsiSessions(deps: PsiDeps, actor: Actor): Promise<PsiSession[]> {
  const user = requirePsiUser(actor)
  const now = deps.clock.now()
  return (await deps.store.listForOrg(user.orgId)).map((s) => viewPsiSession(s, user, now))
}

/**
 * Verifies that `side`'s organisation signed `m` for this session with its registered PSI
 * key, and returns the message's SHA-256 for the audit log. The server checks too, so a
 * forged message is refused at once; the peer's own check is what it relies on.
 */
async function requireSigned(deps: PsiDeps, session: PsiSessionRecord, side: Side, m: PsiStepMessage, signature: string): Promise<string> {
  const orgId = side === 'initiator' ? session.initiatorOrgId : session.responderOrgId
  const key = await deps.keys.find(orgId)
  if (!key)
    throw new VigilError('PSI_SIGNATURE_INVALID', `the ${side} organisation has no PSI key; register one with \`vigil psi key create\``)
  verifyPsiMessage(key.publicKey, sessionBinding(session), m, signature)
  return psiMessageDigest(m)
}

function requireWithinCap(count: number, session: PsiSessionRecord, what: string): void {
  if (count > session.maxSetSize) {
    throw new VigilError('PSI_SET_TOO_LARGE', `${what} holds ${count} selectors; this session allows at most ${session.maxSetSize}`)
  }
}

/** Step 1: the initiator posts its blinded set (message 1). */
export async function postInitiatorMessage(deps: PsiDeps, actor: Actor, id: PsiSessionId, message: InitiatorBlinded): Promise<PsiSession> {
  const user = requirePsiUser(actor)
  return auditingRefusal(deps, user, 'psi.session.blinded', id, async () => {
    const session = await loadOwn(deps, user, id)
    requireStep(session, user, 'initiator', 'accepted', deps.clock.now())
    if (message.kind !== session.kind)
      throw new VigilError('PSI_INVALID_MESSAGE', `this session matches ${session.kind} selectors, not ${message.kind}`)
    requireWithinCap(message.blinded.count, session, 'the initiator set')
    const { signature, ...content } = message
    const messageSha256 = await requireSigned(deps, session, 'initiator', { step: 'initiator-message', message: content }, signature)
    const initiatorSetSize = message.blinded.count
    return applyStep(deps, user, session, { status: 'blinded', initiatorSetSize, message: { initiator: message } }, 'psi.session.blinded', {
      initiatorSetSize,
      messageSha256,
    })
  })
}

/** The responder fetches message 1. */
export async function readInitiatorMessage(deps: PsiDeps, actor: Actor, id: PsiSessionId): Promise<InitiatorBlinded> {
  const user = requirePsiUser(actor)
  const session = await loadOwn(deps, user, id)
  requireStep(session, user, 'responder', 'blinded', deps.clock.now())
  const message = await deps.store.readMessage(id, 'initiator')
  if (!message) throw new VigilError('NOT_FOUND', 'the initiator message is gone')
  return message
}

/** Step 2: the responder posts its reply (message 2): one element back for each received, and its own set. */
export async function postResponderReply(deps: PsiDeps, actor: Actor, id: PsiSessionId, reply: ResponderReply): Promise<PsiSession> {
  const user = requirePsiUser(actor)
  return auditingRefusal(deps, user, 'psi.session.replied', id, async () => {
    const session = await loadOwn(deps, user, id)
    requireStep(session, user, 'responder', 'blinded', deps.clock.now())
    if (reply.doubleBlinded.count !== session.initiatorSetSize) {
      throw new VigilError(
        'PSI_INVALID_MESSAGE',
        `the reply holds ${reply.doubleBlinded.count} double-blinded elements for ${session.initiatorSetSize} sent`,
      )
    }
    requireWithinCap(reply.responderBlinded.count, session, 'the responder set')
    const { signature, ...content } = reply
    const messageSha256 = await requireSigned(deps, session, 'responder', { step: 'responder-message', message: content }, signature)
    const responderSetSize = reply.responderBlinded.count
    return applyStep(deps, user, session, { status: 'replied', responderSetSize, message: { responder: reply } }, 'psi.session.replied', {
      responderSetSize,
      messageSha256,
    })
  })
}

/** The initiator fetches message 2. */
export async function readResponderReply(deps: PsiDeps, actor: Actor, id: PsiSessionId): Promise<ResponderReply> {
  const user = requirePsiUser(actor)
  const session = await loadOwn(deps, user, id)
  requireStep(session, user, 'initiator', 'replied', deps.clock.now())
  const reply = await deps.store.readMessage(id, 'responder')
  if (!reply) throw new VigilError('NOT_FOUND', 'the responder reply is gone')
  return reply
}

/**
 * Step 3: the initiator completes the session: under `cardinality` terms it reports the
 * intersection's size (audited, shown to the responder); under `nothing` it must report
 * none, so the server never learns it. Both messages are deleted.
 */
export async function completePsiSession(deps: PsiDeps, actor: Actor, id: PsiSessionId, outcome: InitiatorOutcome): Promise<PsiSession> {
  const user = requirePsiUser(actor)
  return auditingRefusal(deps, user, 'psi.session.completed', id, async () => {
    const session = await loadOwn(deps, user, id)
    requireStep(session, user, 'initiator', 'replied', deps.clock.now())
    const intersectionSize = outcome.intersectionSize
    if ((intersectionSize === undefined) !== (session.responderLearns === 'nothing')) {
      throw new VigilError(
        'PSI_INVALID_MESSAGE',
        session.responderLearns === 'nothing'
          ? 'under the terms `nothing` the completion carries no intersection size'
          : 'under the terms `cardinality` the completion carries the intersection size',
      )
    }
    if (intersectionSize !== undefined && intersectionSize > Math.min(session.initiatorSetSize ?? 0, session.responderSetSize ?? 0)) {
      throw new VigilError('VALIDATION_FAILED', 'the intersection cannot be larger than either set')
    }
    const { signature, ...content } = outcome
    const messageSha256 = await requireSigned(deps, session, 'initiator', { step: 'outcome', message: content }, signature)
    const { initiatorSetSize, responderSetSize } = session
    const size = intersectionSize === undefined ? {} : { intersectionSize }
    return applyStep(
      deps,
      user,
      session,
      { status: 'completed', completedAt: deps.clock.now(), ...size, message: null },
      'psi.session.completed',
      { initiatorSetSize, responderSetSize, ...size, messageSha256 },
    )
  })
}

const SWEEPER = systemActor('psi-sweeper')

/**
 * Deletes the blinded messages of the sessions that expired without completing (a session
 * completed in time has none left), each deletion audited as `psi.session.expired`.
 * Run periodically; returns the sessions cleared.
 *
 * @example
 * await clearExpiredPsiSessions(deps) // ['3f0c…']
 */
export async function clearExpiredPsiSessions(deps: PsiDeps): Promise<PsiSessionId[]> {
  return deps.store.clearExpiredMessages(deps.clock.now(), (session) => ({
    actor: SWEEPER,
    action: 'psi.session.expired',
    target: { type: 'psi-session', id: session.id },
    outcome: 'success',
    details: { status: session.status, expiresAt: session.expiresAt.toISOString() },
  }))
}
