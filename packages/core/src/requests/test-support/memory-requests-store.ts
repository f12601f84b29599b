import type { AgencyDirectoryEntry, Org, OrgId, User } from '@vigil/contracts'
import type { AuditEvent } from '../../audit/audit-event.js'
import { fixedClock } from '../../shared/clock.js'
import type { RequestsDeps, RequestsStore, StoredRequest } from '../requests-ports.js'
import type { ReviewDeps, ReviewEffects, ReviewStore } from '../review-ports.js'
import { DEFAULT_SETTINGS, fixtureContext } from './assessment-fixtures.js'

/** What the in-memory requests store kept: the requests, every audit entry and every effect. */
export interface MemoryRequests {
  readonly requests: Map<string, StoredRequest>
  readonly audit: AuditEvent[]
  readonly effects: ReviewEffects[]
  readonly documents: Map<string, { filename: string; sha256: string; content: Uint8Array }>
}

/**
 * The requests and review ports in memory, for core's use-case tests: the assessment context is
 * {@link fixtureContext}'s with the stored open requests, changes are applied whole or not at all.
 */
export function memoryRequestsDeps(p: {
  readonly now: Date
  readonly orgs?: readonly Org[]
  readonly users?: readonly User[]
  readonly directory?: readonly AgencyDirectoryEntry[]
}): { readonly requests: RequestsDeps; readonly reviews: ReviewDeps; readonly memory: MemoryRequests } {
  const memory: MemoryRequests = { requests: new Map(), audit: [], effects: [], documents: new Map() }
  const clock = fixedClock(p.now)
  const directory = [...(p.directory ?? fixtureContext().directory)]
  const open = () =>
    [...memory.requests.values()]
      .filter((r) => r.state === 'submitted' || r.state === 'in_review')
      .map((r) => ({
        id: r.id,
        agency: r.request.agency.name ?? '',
        caseNumber: r.request.caseNumber ?? '',
        process: r.request.process,
        targets: [...r.request.targets],
        categories: [...r.request.categories],
      }))
  const stored = (r: Parameters<RequestsStore['insert']>[0], now: Date, prior?: StoredRequest): StoredRequest => ({
    id: r.id,
    state: r.refused ? 'rejected' : 'submitted',
    process: r.request.process,
    agencyOrgId: r.agencyOrgId,
    platformOrgId: r.platformOrgId,
    requestedCategories: r.request.categories,
    approvedCategories: [],
    pendingConditions: r.assessment.pendingConditions.map((c) => c.code),
    decidedBy: null,
    preserveUntil: null,
    extensions: 0,
    rejectCode: r.refused ? (r.assessment.rejectCode ?? null) : null,
    request: r.request,
    assessment: r.assessment,
    submittedBy: prior?.submittedBy ?? r.submittedBy,
    duplicateOf: r.assessment.duplicateOf ?? null,
    suspectedFraud: r.assessment.securityEvent,
    receivedAt: prior?.receivedAt ?? now,
    disclosedAt: null,
    stateEnteredAt: now,
  })
  const keep = (r: Parameters<RequestsStore['insert']>[0], audit: readonly AuditEvent[]) => {
    if (r.document) memory.documents.set(r.id, r.document)
    memory.audit.push(...audit)
  }
  const store: RequestsStore = {
    assessmentContext: async (_request, given) =>
      fixtureContext({ ...given, directory, openRequests: [...given.openRequests, ...open()], callback: 'verified' }),
    insert: async (r, audit, _warning, now) => {
      const s = stored(r, now)
      memory.requests.set(r.id, s)
      keep(r, audit)
      return s
    },
    replace: async (r, from, audit, _warning, now) => {
      const prior = memory.requests.get(r.id)
      if (prior?.state !== from) return undefined
      const s = stored({ ...r, submittedBy: r.submittedBy }, now, prior)
      memory.requests.set(r.id, s)
      keep(r, audit)
      return s
    },
  }
  const reviewStore: ReviewStore = {
    find: async (id) => memory.requests.get(id),
    list: async (scope) =>
      [...memory.requests.values()].filter((r) => r.agencyOrgId === scope.agencyOrgId || r.platformOrgId === scope.platformOrgId),
    messages: async () => [],
    directory: async () => directory,
    change: async (id, decide, now) => {
      const locked = memory.requests.get(id)
      if (!locked) return undefined
      const { transition, effects } = decide(locked)
      const next: StoredRequest = { ...locked, ...transition.record, stateEnteredAt: now }
      memory.requests.set(id, next)
      memory.audit.push(transition.audit, ...(effects?.audit ?? []))
      if (effects) memory.effects.push(effects)
      return next
    },
    findPackage: async () => undefined,
    packages: async () => [],
    document: async (id) => memory.documents.get(id),
    events: async () => [],
    audit: async (event) => void memory.audit.push(event),
  }
  const orgs = new Map<OrgId, Org>((p.orgs ?? []).map((o) => [o.id, o]))
  const users = new Map((p.users ?? []).map((u) => [u.id, u]))
  let n = 0
  const requests: RequestsDeps = {
    store,
    reviews: reviewStore,
    identity: { findOrg: async (id) => orgs.get(id), findUser: async (id) => users.get(id) },
    clock,
    random: { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, bytes: (k) => new Uint8Array(k) },
    settings: DEFAULT_SETTINGS,
  }
  const reviews: ReviewDeps = {
    store: reviewStore,
    accounts: { resolve: async (t) => t, extract: async () => [] },
    clock,
    settings: DEFAULT_SETTINGS,
  }
  return { requests, reviews, memory }
}
