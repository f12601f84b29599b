import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type Config, VigilError } from '@vigil/core'
import { Kysely, PostgresDialect } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
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

export type OpenDatabaseOptions =
  | { readonly databaseUrl: string; readonly poolSize?: number }
  | { readonly dataDir: string }
  | { readonly memory: true; readonly loadDataDir?: Blob }

/**
 * Opens PostgreSQL: a server when given its URL, else embedded PGlite persisted under
 * `dataDir/pgdata` (with the directory locked to this process), or in memory for tests.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<VigilDatabase> {
  if ('databaseUrl' in options) return openServer(options.databaseUrl, options.poolSize ?? 10)
  if ('dataDir' in options) {
    const unlock = await lockDataDir(options.dataDir)
    try {
      return await openPGlite(new PGlite(join(resolve(options.dataDir), 'pgdata')), unlock)
    } catch (err) {
      await unlock()
      throw err
    }
  }
  return openPGlite(new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}), async () => {})
}

/** The database the configuration names: a PostgreSQL server by URL, else embedded PGlite. */
export function openConfiguredDatabase(config: Config): Promise<VigilDatabase> {
  return config.databaseUrl ? openDatabase({ databaseUrl: config.databaseUrl }) : openDatabase({ dataDir: config.dataDir })
}

async function openPGlite(client: PGlite, unlock: () => Promise<void>): Promise<VigilDatabase> {
  try {
    await client.waitReady
  } catch (err) {
    throw new VigilError('STORAGE_UNAVAILABLE', `the embedded database could not start: ${(err as Error).message}`, {}, { cause: err })
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) })
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

async function openServer(url: string, poolSize: number): Promise<VigilDatabase> {
  // JIT off: short queries with correlated subplans (the exchange's marking checks) have high
  // cost estimates, and compiling them took seconds where running them takes milliseconds.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' })
  // An idle connection the server drops (restart, failover, admin kill) must not crash the
  // process: the pool discards it and the next query opens a fresh one.
  pool.on('error', () => {})
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
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
