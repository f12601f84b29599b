import { access } from 'node:fs/promises'
import type { Clock, DetectDeps, DetectExchange, DetectRunQueue, DetectStore, Random } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { createExchangeStore, type ExchangeStore } from '../exchange/exchange-store.js'
import type { Database } from '../postgres/database-schema.js'
import { createDetectDecisions, createDetectPublish } from './detect-run-decisions.js'
import { readerNames } from './detect-run-publications.js'
import { createDetectReads } from './detect-run-reads.js'
import { insertRunRow } from './detect-run-store.js'
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
  const reads = createDetectReads(db)
  const publications = createDetectPublish(db, (trx) => {
    const exchange = createExchangeStore(trx, clock)
    return (actor, collectionId, objects, tlp) => exchange.addObjects(actor, collectionId, objects, { tlp })
  })
  const decisions = createDetectDecisions(db)
  return {
    ...reads,
    async insertRun(actor, run, audit, now) {
      await db.transaction().execute(async (trx) => {
        await insertRunRow(trx, { ...run, orgId: actor.orgId, createdBy: actor.userId, now })
        await appendAudit(trx, audit, now)
      })
      return reads.getRun(actor, run.id)
    },
    isDumpKept: (file) =>
      access(storedDumpPath(uploadsDir, file)).then(
        () => true,
        () => false,
      ),
    insertTriage: decisions.insertTriage,
    putAllowlisted: decisions.putAllowlisted,
    removeAllowlisted: decisions.removeAllowlisted,
    ...publications,
  }
}

/** A collection the actor may write, with its readers by name, as publishing shows it. */
export function detectExchange(db: Kysely<Database>, exchange: ExchangeStore): DetectExchange {
  return {
    async writableCollection(actor, collectionId) {
      const c = await exchange.requireWritable(actor, collectionId)
      const full = await exchange.getCollection(actor, c.id)
      const names = await readerNames(db, full.read.orgIds, full.read.groupIds)
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
