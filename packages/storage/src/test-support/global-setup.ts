import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../postgres/migrate.js'
import { openDatabase } from '../postgres/open-database.js'
import { databaseUrlWithName } from './database-url.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string
    postgresTemplateName: string | undefined
  }
}

/**
 * Migrates one PGlite database and one PostgreSQL template database once per test run.
 * A fresh PGlite takes seconds to start; loading a dumped one takes a fraction of that,
 * and `CREATE DATABASE … TEMPLATE` copies a migrated schema in milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-test-'))
  const client = new PGlite()
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(client) })
  const migrated = await migrateToLatest(db)
  if (!migrated.ok) throw migrated.error
  const templatePath = join(dir, 'pglite-template.tar')
  await writeFile(templatePath, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()))
  await db.destroy()
  project.provide('pgliteTemplatePath', templatePath)

  const url = process.env.VIGIL_TEST_DATABASE_URL
  const templateName = url ? `vigil_template_${randomUUID().replaceAll('-', '')}` : undefined
  if (url && templateName) {
    await withAdmin(url, (admin) => admin.query(`create database ${templateName}`))
    const handle = await openDatabase({ databaseUrl: databaseUrlWithName(url, templateName), poolSize: 1 })
    const result = await migrateToLatest(handle.db)
    await handle.close()
    if (!result.ok) throw result.error
  }
  project.provide('postgresTemplateName', templateName)

  return async () => {
    await rm(dir, { recursive: true, force: true })
    if (url && templateName) {
      await withAdmin(url, (admin) => admin.query(`drop database if exists ${templateName} with (force)`))
    }
  }
}

export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}
