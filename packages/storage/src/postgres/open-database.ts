import { existsSync } from 'node:fs'
import { chmod, readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type Config, VigilError } from '@vigil/core'
import { Kysely, type KyselyConfig, PostgresDialect } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { lockDataDir } from './data-dir-lock.js'
import type { Database } from './database-schema.js'

export type DatabaseKind = 'pglite' | 'postgres'

/** An open database: the typed handle every store takes, and how to close it. */
export interface VigilDatabase {
  readonly db: Kysely<Database>
  readonly kind: DatabaseKind
  /**
   * Raw SQL for libraries that bring their own (pg-boss's `db` option): `text` may hold
   * several statements when `values` is empty. On PGlite it waits its turn on Kysely's one
   * serialised connection, so it never runs inside, or between the statements of, a Kysely
   * transaction.
   */
  executeSql(text: string, values?: readonly unknown[]): Promise<SqlResult>
  close(): Promise<void>
}

/** A raw query's answer, as `pg` gives it (one per statement when there are several). */
export type SqlResult = { readonly rows: unknown[] } | readonly { readonly rows: unknown[] }[]

/**
 * Told of each statement once it has run: its SQL text (never its parameters) and how long
 * it took. `vigil serve` logs them at `VIGIL_LOG_LEVEL=trace`.
 */
export type QueryObserver = (sql: string, ms: number) => void

export type OpenDatabaseOptions =
  | { readonly databaseUrl: string; readonly poolSize?: number; readonly readOnly?: boolean; readonly onQuery?: QueryObserver }
  | { readonly dataDir: string; readonly readOnly?: boolean; readonly onQuery?: QueryObserver }
  | { readonly memory: true; readonly loadDataDir?: Blob }

/**
 * Opens PostgreSQL: a server when given its URL, else embedded PGlite persisted under
 * `dataDir/pgdata` (with the directory locked to this process), or in memory for tests.
 * `readOnly` makes every transaction of the session read-only.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<VigilDatabase> {
  if ('databaseUrl' in options) return openServer(options.databaseUrl, options.poolSize ?? 10, options.readOnly === true, options.onQuery)
  if ('dataDir' in options) {
    const dataDir = resolve(options.dataDir)
    await warnIfExposed(dataDir)
    const pgdata = join(dataDir, 'pgdata')
    const isNew = !existsSync(join(pgdata, 'PG_VERSION'))
    const unlock = await lockDataDir(dataDir)
    try {
      const database = await openPGlite(new PGlite(pgdata), unlock, options.readOnly === true, pgdata, options.onQuery)
      // PGlite copies its initial cluster with the process's umask; the files PostgreSQL
      // creates afterwards are already 0600.
      if (isNew) await makePrivate(pgdata)
      return database
    } catch (err) {
      await unlock()
      throw err
    }
  }
  return openPGlite(new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}), async () => {}, false, 'memory')
}

/** The data directory holds password hashes, RED objects and people's posts: warn when others may read it. */
async function warnIfExposed(dataDir: string): Promise<void> {
  const mode = await stat(dataDir).then(
    (s) => s.mode & 0o777,
    () => undefined,
  )
  if (mode !== undefined && (mode & 0o077) !== 0)
    process.emitWarning(
      `the data directory ${dataDir} is readable by other users (mode ${mode.toString(8)}); restrict it with chmod 700 ${dataDir}`,
      { code: 'VIGIL_DATA_DIR_EXPOSED' },
    )
}

/** Directories 0700 and files 0600, all the way down. */
async function makePrivate(dir: string): Promise<void> {
  await chmod(dir, 0o700)
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await makePrivate(path)
    else if (entry.isFile()) await chmod(path, 0o600)
  }
}

/** The database the configuration names: a PostgreSQL server by URL, else embedded PGlite. */
export function openConfiguredDatabase(config: Config, onQuery?: QueryObserver): Promise<VigilDatabase> {
  return config.databaseUrl
    ? openDatabase({ databaseUrl: config.databaseUrl, onQuery })
    : openDatabase({ dataDir: config.dataDir, onQuery })
}

/** Kysely's log option calling `onQuery` after each statement, errors included. */
function logTo(onQuery: QueryObserver | undefined): KyselyConfig['log'] {
  return onQuery && ((event) => onQuery(event.query.sql, event.queryDurationMillis))
}

async function openPGlite(
  client: PGlite,
  unlock: () => Promise<void>,
  readOnly: boolean,
  where: string,
  onQuery?: QueryObserver,
): Promise<VigilDatabase> {
  try {
    await client.waitReady
    if (readOnly) await client.exec('set default_transaction_read_only = on')
  } catch (err) {
    throw new VigilError(
      'STORAGE_UNAVAILABLE',
      `the embedded database in ${where} could not start: ${(err as Error).message}`,
      { where },
      { cause: err },
    )
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client), log: logTo(onQuery) })
  return {
    db,
    kind: 'pglite',
    // Holding Kysely's connection while PGlite runs the text is what serialises the two.
    executeSql: (text, values = []) =>
      db.connection().execute(async () => {
        if (values.length > 0) return { rows: (await client.query(text, [...values])).rows }
        const results = (await client.exec(text)).map((r) => ({ rows: r.rows }))
        return results.length === 1 ? (results[0] as { rows: unknown[] }) : results
      }),
    close: once(async () => {
      // Kysely's destroy closes the PGlite client, which flushes it to disk.
      await db.destroy()
      await unlock()
    }),
  }
}

async function openServer(url: string, poolSize: number, readOnly: boolean, onQuery?: QueryObserver): Promise<VigilDatabase> {
  // JIT off: short queries with correlated subplans (the exchange's marking checks) have high
  // cost estimates, and compiling them took seconds where running them takes milliseconds.
  const options = readOnly ? '-c jit=off -c default_transaction_read_only=on' : '-c jit=off'
  // pg loads only for a server: commands on the embedded store do not pay for it.
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options })
  // A connection the server drops (restart, failover, admin kill) must not crash the process:
  // idle, the pool discards it; checked out, the query on it fails and the pool discards it
  // on release (it is no longer queryable). Either way the next query opens a fresh one.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  try {
    const client = await pool.connect()
    client.release()
  } catch (err) {
    await pool.end()
    throw new VigilError(
      'STORAGE_UNAVAILABLE',
      `cannot reach PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`,
      {},
      { cause: err },
    )
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: logTo(onQuery) })
  return {
    db,
    kind: 'postgres',
    executeSql: (text, values = []) => pool.query(text, [...values]) as unknown as Promise<SqlResult>,
    close: once(() => db.destroy()),
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparseable URL)'
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => {
    done ??= fn()
    return done
  }
}
