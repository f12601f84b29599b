import type { Command } from 'commander'

export interface StorageOptions {
  readonly dataDir?: string
  readonly databaseUrl?: string
}

/** Adds the storage flags every database command takes; each mirrors its `VIGIL_*` variable. */
export function withStorageOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'embedded database and key directory (VIGIL_DATA_DIR, default ./vigil-data)')
    .option('--database-url <url>', 'PostgreSQL server to use instead of the embedded database (VIGIL_DATABASE_URL)')
}
