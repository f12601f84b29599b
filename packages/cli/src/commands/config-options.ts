import { type Config, loadConfig } from '@vigil/core'
import type { Command } from 'commander'
import type { CliIo } from '../io.js'

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

/** Flags override the environment; both pass through the one config schema. */
export function configFrom(io: CliIo, flags: Readonly<Record<string, string | undefined>>): Config {
  return loadConfig({ ...io.env, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) })
}

export function storageFlags(o: StorageOptions): Record<string, string | undefined> {
  return { VIGIL_DATA_DIR: o.dataDir, VIGIL_DATABASE_URL: o.databaseUrl }
}
