import {
  CollectionId,
  type DetectionRun,
  DetectParams,
  type IngestResult,
  type NetworksFile,
  OrgId,
  type StixObject,
  type Tlp,
  type TriageStatus,
  UserId,
} from '@vigil/contracts'
import type { AuditEvent } from '../../audit/audit-event.js'
import { VigilError } from '../../shared/errors.js'
import type { DetectDeps, DetectStore, DetectUser, PublishedNetwork } from '../detect-ports.js'

export const analyst: DetectUser = {
  kind: 'user',
  userId: UserId.parse('00000000-0000-4000-8000-000000000001'),
  orgId: OrgId.parse('00000000-0000-4000-8000-000000000002'),
  orgKind: 'platform',
  email: 'analyst@platform.example',
  roles: ['analyst'],
  via: 'session',
}

/** What the fake recorded: runs, audit events, stored objects, publications. */
export interface FakeDetectState {
  readonly runs: DetectionRun[]
  readonly audit: AuditEvent[]
  readonly stored: { objects: readonly StixObject[]; tlp: Tlp }[]
  readonly recorded: (readonly PublishedNetwork[])[]
  readonly enqueued: string[]
  readonly triage: Map<string, TriageStatus>
  readonly allowlist: Set<string>
  readonly keptDumps: Set<string>
}

/**
 * Detect ports in memory, one organisation's (`analyst`'s): enough for the use cases'
 * rules, whose SQL side the server suites cover on both databases.
 */
export function fakeDetectDeps(file: NetworksFile, options: { triage?: Record<string, TriageStatus>; allowlist?: string[] } = {}) {
  const state: FakeDetectState = {
    runs: [],
    audit: [],
    stored: [],
    recorded: [],
    enqueued: [],
    triage: new Map(Object.entries(options.triage ?? {})),
    allowlist: new Set(options.allowlist ?? []),
    keptDumps: new Set(),
  }
  let ids = 0
  const mine = (actor: DetectUser) => {
    if (actor.orgId !== analyst.orgId) throw new VigilError('NOT_FOUND', 'no such detection run')
  }
  const getRun = async (actor: DetectUser, runId: string) => {
    mine(actor)
    const run = state.runs.find((r) => r.id === runId)
    if (!run) throw new VigilError('NOT_FOUND', 'no such detection run')
    return run
  }
  const unused = async (): Promise<never> => {
    throw new Error('not faked')
  }
  const store: DetectStore = {
    async insertRun(actor, run, audit, now) {
      const stored: DetectionRun = {
        id: run.id,
        status: 'queued',
        stage: 'queued',
        stageIndex: 0,
        stageCount: 8,
        files: [...run.files],
        params: run.params,
        createdAt: now.toISOString(),
        createdBy: actor.email,
      }
      state.runs.push(stored)
      state.audit.push(audit)
      return stored
    },
    listRuns: async () => state.runs,
    getRun,
    isDumpKept: async (f) => state.keptDumps.has(f.sha256),
    listNetworks: unused,
    getNetwork: unused,
    hasNetwork: async (actor, _run, networkId) => actor.orgId === analyst.orgId && file.networks.some((n) => n.id === networkId),
    graph: unused,
    networksFile: async (actor, _run, networkIds) => {
      mine(actor)
      return { ...file, networks: file.networks.filter((n) => networkIds.includes(n.id)) }
    },
    latestTriage: async () => state.triage,
    async insertTriage(_actor, d, audit) {
      state.triage.set(d.networkId, d.status)
      state.audit.push(audit)
    },
    listAllowlist: unused,
    allowlistedAccounts: async () => state.allowlist,
    async putAllowlisted(_actor, entry, audit) {
      state.allowlist.add(entry.account)
      state.audit.push(audit)
    },
    async removeAllowlisted(_actor, account, audit) {
      if (!state.allowlist.delete(account)) return false
      state.audit.push(audit)
      return true
    },
    async publish(_actor, _runId, plan, audit) {
      state.stored.push({ objects: plan.objects, tlp: plan.tlp })
      state.recorded.push(plan.networks)
      const result: IngestResult = {
        collectionId: CollectionId.parse(plan.collection),
        total: plan.objects.length,
        successCount: plan.objects.length,
        failureCount: 0,
        failures: [],
      }
      state.audit.push(audit({ collection: plan.collection, tlp: plan.tlp, objects: result.successCount, networks: plan.networks }))
      return result
    },
  }
  const deps: DetectDeps = {
    store,
    exchange: { writableCollection: async () => ({ title: 'Election tips', everyone: false, orgs: ['Example Lab'], groups: [] }) },
    dumps: {
      importServerDump: async (name) => {
        if (name === 'missing.csv') throw new VigilError('NOT_FOUND', `no dump ${name}`)
        return { name, size: 10, sha256: name.length.toString(16).padStart(64, '0') }
      },
    },
    queue: {
      enqueue: async (runId) => {
        state.enqueued.push(runId)
      },
    },
    clock: { now: () => new Date('2026-12-05T12:00:00.000Z') },
    random: { uuid: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, bytes: (n) => new Uint8Array(n) },
  }
  return { deps, state }
}

export const defaultParams = DetectParams.parse({})
