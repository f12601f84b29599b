import { VigilError } from '@vigil/core'
import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely'
import { MIGRATIONS } from './migrations/index.js'

// Migrations run before the typed schema exists, so they see the database untyped.
// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented type for migration handles
type AnyDb = Kysely<any>

export type MigrationOutcome =
  | { readonly ok: true; readonly applied: readonly string[] }
  | { readonly ok: false; readonly failed: string | undefined; readonly error: Error }

export type MigrationStatus = { readonly applied: number; readonly pending: number }

function migratorFor(db: AnyDb, migrations: Readonly<Record<string, Migration>>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: 'vigil_migration',
    migrationLockTableName: 'vigil_migration_lock',
  })
}

/**
 * Brings the schema to the latest migration. PostgreSQL runs DDL in transactions and
 * Kysely's Migrator runs all pending migrations in one, so a failure leaves the database
 * as it was.
 */
export async function migrateToLatest(db: AnyDb, migrations: Readonly<Record<string, Migration>> = MIGRATIONS): Promise<MigrationOutcome> {
  const result: MigrationResultSet = await migratorFor(db, migrations).migrateToLatest()
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName
    const error = result.error instanceof Error ? result.error : new Error(String(result.error))
    return { ok: false, failed, error }
  }
  return { ok: true, applied: (result.results ?? []).map((r) => r.migrationName) }
}

/** How many migrations are applied and how many wait; for readiness checks. */
export async function migrationStatus(db: AnyDb, migrations: Readonly<Record<string, Migration>> = MIGRATIONS): Promise<MigrationStatus> {
  const all = await migratorFor(db, migrations).getMigrations()
  const applied = all.filter((m) => m.executedAt !== undefined).length
  return { applied, pending: all.length - applied }
}

/**
 * The migrations not yet applied, or null when the database holds no Vigil schema at all.
 * Two plain reads, without the migrator's lock table, so opening a current store stays cheap.
 */
export async function pendingMigrations(
  db: AnyDb,
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<readonly string[] | null> {
  const { rows } = await sql<{ table: string | null }>`select to_regclass('vigil_migration')::text as table`.execute(db)
  if (!rows[0]?.table) return null
  const applied = new Set((await db.selectFrom('vigil_migration').select('name').execute()).map((r: { name: string }) => r.name))
  return Object.keys(migrations).filter((name) => !applied.has(name))
}

/**
 * Migrates to the latest schema and returns the names applied.
 * @throws VigilError `STORAGE_MIGRATION_FAILED`, after the failed run was rolled back
 */
export async function migrateOrThrow(db: AnyDb): Promise<readonly string[]> {
  const outcome = await migrateToLatest(db)
  if (outcome.ok) return outcome.applied
  throw new VigilError(
    'STORAGE_MIGRATION_FAILED',
    `migration ${outcome.failed ?? '(unknown)'} failed, nothing was changed: ${outcome.error.message}`,
    {},
    { cause: outcome.error },
  )
}
