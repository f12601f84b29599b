import { exportLiveFeed, openStore } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'
import { resolveFeed } from './live-worker.js'

/** The options commander hands to `vigil live export`. */
export interface LiveExportOptions extends StorageOptions {
  readonly feed: string
  readonly org: string
  readonly out: string
}

/**
 * `vigil live export --feed F --org O --out DIR`: the feed's live state written as `vigil
 * detect` writes a run (networks.json, edges/<signal>.csv, accounts.csv, report.html), by
 * batch's own edge weighing, network building and writers.
 */
export async function liveExport(io: CliIo, options: LiveExportOptions): Promise<number> {
  const database = await openStore(configFrom(io, storageFlags(options)), 'read')
  try {
    const { orgId, feed } = await resolveFeed(database, options.org, options.feed)
    const { detection } = await exportLiveFeed(database.db, orgId, feed.name, feed.params, options.out)
    writeLine(
      io.stdout,
      `Wrote ${options.out}: ${detection.edges.length} edges, ${detection.networks.networks.length} networks from live feed ${feed.name}`,
    )
    return 0
  } finally {
    await database.close()
  }
}
