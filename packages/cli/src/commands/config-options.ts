import { type Config, loadConfig } from '@vigil/core'
import type { CliIo } from '../io.js'
import type { StorageOptions } from '../storage-options.js'

export type { StorageOptions } from '../storage-options.js'

/** Flags override the environment; both pass through the one config schema. */
export function configFrom(io: CliIo, flags: Readonly<Record<string, string | undefined>>): Config {
  return loadConfig({ ...io.env, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) })
}

export function storageFlags(o: StorageOptions): Record<string, string | undefined> {
  return { VIGIL_DATA_DIR: o.dataDir, VIGIL_DATABASE_URL: o.databaseUrl }
}
