// `kill -9` of `vigil serve` in the middle of a write, then a plain restart: what the fault
// tests assert (packages/cli/src/serve-faults*.test.ts) and the bench measures
// (bench/faults.bench.ts). The kill lands mid-write by the server's own trace of its SQL
// (VIGIL_LOG_LEVEL=trace logs each statement once it has run): the first chunk of objects,
// the first network of a run's results, an audit entry inserted but not yet committed.
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { AuditVerifyResult, DetectionRun, TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { systemActor } from '@vigil/core'
import { createExchangeStore, migrateOrThrow, openDatabase, type VigilDatabase } from '@vigil/storage'
import { type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { exitCode, type ServedVigil, serveVigil } from '../../../server/src/test-support/child-process.js'
import { run } from '../run.js'
import { captureIo } from './capture-io.js'

export const FAULT_WRITES = ['taxii-add', 'rest-import', 'detect-results', 'audit-append'] as const
export type FaultWrite = (typeof FAULT_WRITES)[number]

/** A store for the faults: its data directory (and PostgreSQL database), an analyst and a collection. */
export interface FaultStore {
  readonly kind: 'pglite' | 'postgres'
  readonly dataDir: string
  readonly env: Readonly<Record<string, string>>
  readonly analyst: SeededUser
  readonly collectionId: string
  remove(): Promise<void>
}

/** What one kill left, once the server was restarted. */
export interface FaultOutcome {
  readonly write: FaultWrite
  /** What the write would have stored whole: objects of the envelope or bundle, networks of the run, audited bundles sent. */
  readonly whole: number
  /** What was stored of it after the restart, before any retry. */
  readonly stored: number
  /** Writes the store holds only in part (objects of a write without its audit entry, a run's networks without their members…): must be 0. */
  readonly halfWritten: number
  /** After the retry (the resent envelope or bundle, the re-queued run): what is stored. */
  readonly afterRetry: number
  /** Milliseconds from the spawn of the plain restart to its first `/readyz` 200. */
  readonly restartMs: number
  readonly audit: AuditVerifyResult
}

const OBJECTS = 5_000
// A statement as the trace's JSON holds it: `"sql":"insert into \"exchange_objects\" …`.
const traced = (statement: string) => new RegExp(`"sql":"${statement.replaceAll('"', '\\\\"')}`)

function openFaultDatabase(store: Pick<FaultStore, 'dataDir' | 'env'>): Promise<VigilDatabase> {
  const url = store.env.VIGIL_DATABASE_URL
  return url ? openDatabase({ databaseUrl: url }) : openDatabase({ dataDir: store.dataDir })
}

/**
 * A fresh data directory (and, with `databaseUrl`, that PostgreSQL database), migrated and
 * seeded. Tests pass `dataDir` already migrated (from the test run's dump); else a new one is migrated here.
 */
export async function createFaultStore(databaseUrl?: string, dataDir?: string): Promise<FaultStore> {
  dataDir ??= await mkdtemp(join(tmpdir(), 'vigil-faults-'))
  const env: Record<string, string> = { VIGIL_DETECT_WORKER_TIMEOUT: '2', ...(databaseUrl ? { VIGIL_DATABASE_URL: databaseUrl } : {}) }
  const database = await openFaultDatabase({ dataDir, env })
  try {
    await migrateOrThrow(database.db)
    const analyst = await seedUser(testAuthDeps(database), { roles: ['analyst'] })
    const orgs = { orgIds: [analyst.org.id] }
    const collection = await createExchangeStore(database.db).createCollection(
      systemActor('faults'),
      { title: `faults-${randomUUID().slice(0, 8)}`, read: orgs, write: orgs },
      new Date(),
    )
    return {
      kind: databaseUrl ? 'postgres' : 'pglite',
      dataDir,
      env,
      analyst,
      collectionId: collection.id,
      remove: () => rm(dataDir, { recursive: true, force: true }),
    }
  } finally {
    await database.close()
  }
}

function campaigns(n: number): object[] {
  const at = new Date().toISOString()
  return Array.from({ length: n }, (_, i) => ({
    type: 'campaign',
    spec_version: '2.1',
    id: `campaign--${randomUUID()}`,
    created: at,
    modified: at,
    name: `Operation fault ${i}`,
    description: 'An influence operation of the fault test, one of a large envelope. '.repeat(4),
  }))
}

/** A write the server is asked for, and the trace line at which it is killed. */
interface Scenario {
  readonly whole: number
  readonly killAt: RegExp
  /**
   * Starts the write; resolves the offset of the server's log (stderr) from which `killAt`
   * is watched, and `ended`, which settles if the write ends before it could be killed.
   */
  start(server: ServedVigil): Promise<{ readonly from: number; readonly ended: Promise<string> }>
  /** Stored, and stored only in part, after the restart. */
  count(database: VigilDatabase): Promise<{ stored: number; halfWritten: number }>
  /** Asks the restarted server again (or waits for its own retry); resolves once done. */
  retry(server: ServedVigil): Promise<void>
}

async function countObjects(database: VigilDatabase, collectionId: string): Promise<number> {
  const row = await database.db
    .selectFrom('exchange_objects')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('collection_id', '=', collectionId)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

function objectsScenario(store: FaultStore, how: 'taxii-add' | 'rest-import'): Scenario {
  const objects = campaigns(OBJECTS)
  const post = (server: ServedVigil) =>
    how === 'taxii-add'
      ? fetch(`${server.url}/taxii2/vigil/collections/${store.collectionId}/objects/`, {
          method: 'POST',
          headers: { ...store.analyst.headers, 'content-type': TAXII_MEDIA_TYPE, accept: TAXII_MEDIA_TYPE },
          body: JSON.stringify({ objects }),
        })
      : fetch(`${server.url}/api/v1/collections/${store.collectionId}/objects`, {
          method: 'POST',
          headers: { ...store.analyst.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects }),
        })
  return {
    whole: OBJECTS,
    killAt: traced('insert into "exchange_objects"'),
    start: async (server) => {
      const from = server.stderr.text().length
      // The answer never comes when the server is killed while it writes.
      const ended = post(server).then(
        async (res) => `it answered ${res.status}: ${(await res.text()).slice(0, 200)}`,
        () => new Promise<string>(() => {}),
      )
      return { from, ended }
    },
    count: async (database) => {
      const stored = await countObjects(database, store.collectionId)
      return { stored, halfWritten: stored === 0 || stored === OBJECTS ? 0 : stored }
    },
    retry: async (server) => {
      const res = await post(server)
      if (res.status !== 200 && res.status !== 202) throw new Error(`the resend answered ${res.status}: ${await res.text()}`)
    },
  }
}

async function detectScenario(store: FaultStore, dumpPath: string, params: object): Promise<Scenario> {
  const dump = await readFile(dumpPath)
  let runId = ''
  const runOf = async (server: ServedVigil) =>
    DetectionRun.parse(await (await fetch(`${server.url}/api/v1/detect/runs/${runId}`, { headers: store.analyst.headers })).json())
  return {
    whole: 0,
    killAt: traced('insert into "detect_networks"'),
    start: async (server) => {
      const from = server.stderr.text().length
      const form = new FormData()
      form.append('params', JSON.stringify(params))
      form.append('dump', new Blob([dump]), 'german_elections.csv')
      const res = await fetch(`${server.url}/api/v1/detect/runs`, { method: 'POST', headers: store.analyst.headers, body: form })
      if (res.status !== 202) throw new Error(`the run was not started: ${res.status} ${await res.text()}`)
      runId = DetectionRun.parse(await res.json()).id
      const ended = (async () => {
        for (let run = await runOf(server); ; run = await runOf(server)) {
          if (run.status === 'completed' || run.status === 'failed') return `the run ${run.status}`
          await delay(500)
        }
      })()
      return { from, ended: ended.catch(() => new Promise<string>(() => {})) }
    },
    // A completed run has its summary's networks, each with its members; anything else has none.
    count: async (database) => {
      const run = await database.db
        .selectFrom('detect_runs')
        .select(['status', 'summary'])
        .where('id', '=', runId)
        .executeTakeFirstOrThrow()
      const networks = await database.db
        .selectFrom('detect_networks as n')
        .leftJoin('detect_members as m', (j) => j.onRef('m.run_id', '=', 'n.run_id').onRef('m.network_id', '=', 'n.id'))
        .select(['n.id', 'n.member_count', (eb) => eb.fn.count<string>('m.account').as('members')])
        .where('n.run_id', '=', runId)
        .groupBy(['n.id', 'n.member_count'])
        .execute()
      const summary = (typeof run.summary === 'string' ? JSON.parse(run.summary) : run.summary) as { networks?: number } | null
      const partNetworks = networks.filter((n) => Number(n.members) !== n.member_count).length
      const complete = run.status === 'completed' && networks.length === summary?.networks
      return { stored: networks.length, halfWritten: partNetworks + (networks.length > 0 && !complete ? 1 : 0) }
    },
    retry: async (server) => {
      // The re-queued run completes on its own once pg-boss sees the killed worker's job expire.
      for (let run = await runOf(server); run.status !== 'completed'; run = await runOf(server)) {
        if (run.status === 'failed') throw new Error(`the re-run failed: ${run.error}`)
        await delay(200)
      }
    },
  }
}

function auditScenario(store: FaultStore): Scenario {
  let sent = 0
  let answered = 0
  let stopped = false
  const postOne = (server: ServedVigil) => {
    sent++
    return fetch(`${server.url}/api/v1/collections/${store.collectionId}/objects`, {
      method: 'POST',
      headers: { ...store.analyst.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: campaigns(1) }),
    })
  }
  // Four writers in a loop: while one appends its audit entry, the others wait for the chain's lock with their objects written.
  const writer = async (server: ServedVigil) => {
    while (!stopped) {
      const ok = await postOne(server).then(
        () => true,
        () => false,
      )
      if (!ok) return
      answered++
    }
  }
  return {
    get whole() {
      return sent
    },
    killAt: traced('insert into "audit_log"'),
    start: async (server) => {
      for (let i = 0; i < 4; i++) void writer(server)
      while (answered < 20) await delay(20)
      return { from: server.stderr.text().length, ended: new Promise<string>(() => {}) }
    },
    // Each bundle stores its one object and its audit entry together, or neither.
    count: async (database) => {
      stopped = true
      const stored = await countObjects(database, store.collectionId)
      const audited = await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('action', '=', 'exchange.objects.add')
        .where('target_id', '=', store.collectionId)
        .executeTakeFirst()
      return { stored, halfWritten: Math.abs(stored - Number(audited?.n ?? 0)) }
    },
    retry: async (server) => {
      await postOne(server)
    },
  }
}

/** The scenario of `write`; `detect-results` needs the German elections dump and its parameters. */
export async function faultScenario(
  store: FaultStore,
  write: FaultWrite,
  detect?: { dumpPath: string; params: object },
): Promise<Scenario> {
  if (write === 'detect-results') {
    if (!detect) throw new Error('detect-results needs a dump')
    return detectScenario(store, detect.dumpPath, detect.params)
  }
  return write === 'audit-append' ? auditScenario(store) : objectsScenario(store, write)
}

/**
 * Serves the store with SQL traced, starts `write`, kills the server with SIGKILL at the
 * scenario's trace line, restarts it with a plain `vigil serve`, counts what is stored,
 * retries, and verifies the audit chain with `vigil audit verify`.
 */
export async function killDuringWrite(
  store: FaultStore,
  scenario: Scenario,
  write: FaultWrite,
  options: { readonly bin?: string; readonly onStep?: (step: string) => void } = {},
): Promise<FaultOutcome> {
  const { bin, onStep = () => {} } = options
  const victim = await serveVigil(store.dataDir, { ...store.env, VIGIL_LOG_LEVEL: 'trace' }, bin)
  try {
    onStep(`serving at ${victim.url}; starting the write`)
    const { from, ended } = await scenario.start(victim)
    onStep('waiting for the write to begin')
    const line = await Promise.race([
      victim.stderr.line(scenario.killAt, from),
      ended.then((how) => Promise.reject(new Error(`the write ended before it could be killed: ${how}`))),
    ])
    onStep(`killing at ${line.slice(0, 160)}`)
    victim.child.kill('SIGKILL')
    await exitCode(victim.child)
  } finally {
    if (victim.child.exitCode === null && victim.child.signalCode === null) await victim.stop()
  }

  let server = await serveVigil(store.dataDir, { ...store.env, VIGIL_LOG_LEVEL: 'warn' }, bin)
  const restartMs = server.readyMs
  onStep(`restarted, ready in ${restartMs.toFixed(0)} ms`)
  await server.stop()
  const counted = await withDatabase(store, (d) => scenario.count(d))
  onStep(`stored ${counted.stored}, half-written ${counted.halfWritten}; retrying`)
  server = await serveVigil(store.dataDir, { ...store.env, VIGIL_LOG_LEVEL: 'warn' }, bin)
  try {
    await scenario.retry(server)
  } finally {
    await server.stop()
  }
  const after = await withDatabase(store, (d) => scenario.count(d))
  onStep(`after the retry: stored ${after.stored}; verifying the audit chain`)
  const io = captureIo({ ...store.env })
  const code = await run(['audit', 'verify', '--json', '--data-dir', store.dataDir], io)
  if (code !== 0 && io.out() === '') throw new Error(`vigil audit verify exited ${code}: ${io.err()}`)
  return {
    write,
    whole: scenario.whole,
    stored: counted.stored,
    halfWritten: counted.halfWritten + after.halfWritten,
    afterRetry: after.stored,
    restartMs,
    audit: AuditVerifyResult.parse(JSON.parse(io.out())),
  }
}

async function withDatabase<T>(store: FaultStore, fn: (database: VigilDatabase) => Promise<T>): Promise<T> {
  const database = await openFaultDatabase(store)
  try {
    return await fn(database)
  } finally {
    await database.close()
  }
}
