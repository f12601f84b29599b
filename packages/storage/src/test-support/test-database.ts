import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, inject } from 'vitest'
import { type DatabaseKind, openDatabase, type VigilDatabase } from '../postgres/open-database.js'
import { databaseUrlWithName } from './database-url.js'
import { withAdmin } from './global-setup.js'

/**
 * The databases every storage suite runs on: PGlite always, and the PostgreSQL server
 * named by `VIGIL_TEST_DATABASE_URL` when it is set (Kysely's `DIALECTS` list is the model).
 */
export const TEST_DATABASES: readonly DatabaseKind[] = process.env.VIGIL_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

/**
 * A new data directory holding a migrated, empty store, as `vigil migrate` leaves it, loaded
 * from the global setup's dump in a fraction of a migration's time. The caller removes it.
 */
export async function createMigratedDataDir(prefix = 'vigil-data-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  const client = new PGlite(join(dir, 'pgdata'), { loadDataDir: new Blob([await readFile(inject('pgliteTemplatePath'))]) })
  await client.close()
  return dir
}

/** A migrated, empty database of its own, dropped again on close. */
export async function openTestDatabase(kind: DatabaseKind): Promise<VigilDatabase> {
  if (kind === 'pglite') {
    const template = await readFile(inject('pgliteTemplatePath'))
    return openDatabase({ memory: true, loadDataDir: new Blob([template]) })
  }
  const scratch = await createScratchDatabase()
  const handle = await openDatabase({ databaseUrl: scratch.url, poolSize: 4 })
  return {
    ...handle,
    close: async () => {
      await handle.close()
      await scratch.drop()
    },
  }
}

/**
 * A migrated PostgreSQL database of its own on the `VIGIL_TEST_DATABASE_URL` server (or,
 * `empty`, one without Vigil's schema), for tests that hand a URL to a process; never the shared database, whose schema another
 * branch or run may have moved on.
 */
export async function createScratchDatabase(
  options: { readonly empty?: boolean } = {},
): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const url = process.env.VIGIL_TEST_DATABASE_URL
  const template = inject('postgresTemplateName')
  if (!url || !template) throw new Error('VIGIL_TEST_DATABASE_URL is not set')
  const name = `vigil_test_${randomUUID().replaceAll('-', '')}`
  await withAdmin(url, (admin) => admin.query(`create database ${name} template ${options.empty ? 'template0' : template}`))
  return {
    url: databaseUrlWithName(url, name),
    drop: () => withAdmin(url, (admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  }
}

/**
 * Runs `suite` once per test database, each with a fresh migrated database shared by the
 * suite's tests.
 *
 * @example
 * describeEachDatabase('audit store', (database) => { it('…', async () => { database().db … }) })
 */
export function describeEachDatabase(title: string, suite: (database: () => VigilDatabase) => void): void {
  describe.each(TEST_DATABASES)(`${title} [%s]`, (kind) => {
    let handle: VigilDatabase | undefined
    beforeAll(async () => {
      handle = await openTestDatabase(kind)
    })
    afterAll(async () => {
      await handle?.close()
    })
    suite(() => {
      if (!handle) throw new Error('the test database is not open yet')
      return handle
    })
  })
}
