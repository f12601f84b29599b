import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type Config, VigilError } from '@vigil/core'
import { migrateOrThrow, pendingMigrations } from './migrate.js'
import { openDatabase, type VigilDatabase } from './open-database.js'

/**
 * How a command uses an existing store: `update` applies pending migrations (the migrator
 * runs only when some are pending); `read` runs none and opens every transaction read-only.
 */
export type StoreAccess = 'update' | 'read'

/**
 * Opens the store the configuration names, which must already exist: only `vigil serve` and
 * `vigil migrate` create one (`openConfiguredDatabase`), so a command run from the wrong
 * folder fails naming where it looked instead of starting an empty store there.
 *
 * @throws VigilError `STORAGE_UNAVAILABLE` when there is no Vigil store there, or (`read`) its schema is out of date
 */
export async function openStore(config: Config, access: StoreAccess): Promise<VigilDatabase> {
  const where = describeStore(config)
  if (!config.databaseUrl && !existsSync(join(resolve(config.dataDir), 'pgdata', 'PG_VERSION'))) throw noStore(where)
  const readOnly = access === 'read'
  const database = config.databaseUrl
    ? await openDatabase({ databaseUrl: config.databaseUrl, readOnly })
    : await openDatabase({ dataDir: config.dataDir, readOnly })
  try {
    const pending = await pendingMigrations(database.db)
    if (pending === null) throw noStore(where)
    if (pending.length > 0) {
      if (readOnly)
        throw new VigilError(
          'STORAGE_UNAVAILABLE',
          `the store in ${where} needs migrations (${pending.join(', ')}); run \`vigil migrate\``,
          {
            where,
          },
        )
      await migrateOrThrow(database.db)
    }
    return database
  } catch (err) {
    await database.close()
    throw err
  }
}

/** The store as messages name it: the data directory's path, or the server's host and database (never a password). */
export function describeStore(config: Config): string {
  if (!config.databaseUrl) return `the data directory ${resolve(config.dataDir)}`
  try {
    const url = new URL(config.databaseUrl)
    return `database ${decodeURIComponent(url.pathname.slice(1)) || '(default)'} on ${url.hostname}:${url.port || '5432'}`
  } catch {
    return 'the PostgreSQL server VIGIL_DATABASE_URL names'
  }
}

function noStore(where: string): VigilError {
  return new VigilError(
    'STORAGE_UNAVAILABLE',
    `no Vigil store in ${where}; point at yours with --data-dir or VIGIL_DATA_DIR, or at a PostgreSQL server with --database-url or VIGIL_DATABASE_URL (\`vigil migrate\` creates a new store)`,
    { where },
  )
}
