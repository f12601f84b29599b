import { MigrateResult } from '@vigil/contracts'
import { migrateOrThrow, openConfiguredDatabase } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

/** `vigil migrate`: applies pending migrations; a failure changes nothing. */
export async function migrate(io: CliIo, options: StorageOptions & { readonly json?: boolean }): Promise<number> {
  const database = await openConfiguredDatabase(configFrom(io, storageFlags(options)))
  try {
    const result = MigrateResult.parse({ database: database.kind, applied: await migrateOrThrow(database.db) })
    if (options.json) writeLine(io.stdout, JSON.stringify(result))
    else if (result.applied.length === 0) writeLine(io.stdout, 'The database is up to date.')
    else writeLine(io.stdout, `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`)
    return 0
  } finally {
    await database.close()
  }
}
