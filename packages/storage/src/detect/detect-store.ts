import { access } from 'node:fs/promises'
import type { Clock, DetectDeps, DetectExchange, DetectRunQueue, DetectStore, DetectUser, Random } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { createExchangeStore, type ExchangeStore } from '../exchange/exchange-store.js'
import type { Database } from '../postgres/database-schema.js'
import { createDetectDecisions, createDetectPublish } from './detect-run-decisions.js'
import { hasNetwork } from './detect-run-rows.js'
import { createDetectRunStore, insertRunRow } from './detect-run-store.js'
import { importServerDump, storedDumpPath } from './dump-files.js'

/**
 * The detect port over one database: every read and write takes the acting user and is
 * limited to its organisation in SQL; every change is written with its audit entry in one
 * transaction. Publishing adds objects through the exchange store, on the same transaction.
 *
 * @example
 * const store = createDetectStore(db, uploadsDir, clock)
 */
export function createDetectStore(db: Kysely<Database>, uploadsDir: string, clock: Clock): DetectStore {
  const runs = createDetectRunStore(db)
  const publications = createDetectPublish(db, (trx) => {
    const exchange = createExchangeStore(trx, clock)
    return (actor, collectionId, objects, tlp) => exchange.addObjects(actor, collectionId, objects, { tlp })
  })
  const org = (actor: DetectUser) => actor.orgId
  return {
    async insertRun(actor, run, audit, now) {
      await db.transaction().execute(async (trx) => {
        await insertRunRow(trx, { ...run, orgId: actor.orgId, createdBy: actor.userId, now })
        await appendAudit(trx, audit, now)
      })
      return runs.getRun(actor.orgId, run.id)
    },
    listRuns: (actor) => runs.listRuns(org(actor)),
    getRun: (actor, runId) => runs.getRun(org(actor), runId),
    isDumpKept: (file) =>
      access(storedDumpPath(uploadsDir, file)).then(
        () => true,
        () => false,
      ),
    listNetworks: (actor, runId) => runs.listNetworks(org(actor), runId),
    getNetwork: (actor, runId, networkId) => runs.getNetwork(org(actor), runId, networkId),
    hasNetwork: (actor, runId, networkId) => hasNetwork(db, org(actor), runId, networkId),
    graph: (actor, runId, limit) => runs.graph(org(actor), runId, limit),
    networksFile: (actor, runId, ids) => runs.networksFile(org(actor), runId, ids),
    latestTriage: (actor, runId) => runs.latestTriage(org(actor), runId),
    listAllowlist: (actor) => runs.listAllowlist(org(actor)),
    allowlistedAccounts: (actor) => runs.allowlistedAccounts(org(actor)),
    ...createDetectDecisions(db),
    ...publications,
  }
}

/** A collection the actor may write, with its readers by name, as publishing shows it. */
export function detectExchange(db: Kysely<Database>, exchange: ExchangeStore): DetectExchange {
  const runs = createDetectRunStore(db)
  return {
    async writableCollection(actor, collectionId) {
      const c = await exchange.requireWritable(actor, collectionId)
      const full = await exchange.getCollection(actor, c.id)
      const names = await runs.readerNames(full.read.orgIds, full.read.groupIds)
      return { title: full.title, everyone: full.read.everyone, ...names }
    },
  }
}

/** Where dumps come from and go. */
export interface DumpDirs {
  /** The server's dump directory (`VIGIL_DETECT_DUMP_DIR`). */
  readonly dumpDir: string
  /** Uploaded and copied dumps, content-addressed. */
  readonly uploadsDir: string
  readonly uploadLimit: number
}

/**
 * The detect use cases' ports over one database, as `createRequestsDeps` wires requests.
 *
 * @example
 * const deps = createDetectDeps(db, exchange, dirs, queue, clock, nodeRandom)
 */
export function createDetectDeps(
  db: Kysely<Database>,
  exchange: ExchangeStore,
  dirs: DumpDirs,
  queue: DetectRunQueue | undefined,
  clock: Clock,
  random: Random,
): DetectDeps {
  return {
    store: createDetectStore(db, dirs.uploadsDir, clock),
    exchange: detectExchange(db, exchange),
    dumps: { importServerDump: (name) => importServerDump(dirs.dumpDir, dirs.uploadsDir, name, dirs.uploadLimit) },
    queue,
    clock,
    random,
  }
}
