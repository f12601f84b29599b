import type { DisclosureSource, NetworksFile, TriageStatus } from '@vigil/contracts'
import { type DetectStore, type DetectUser, type DisclosureDeps, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { createDetectReads } from '../detect/detect-run-reads.js'
import type { Database } from '../postgres/database-schema.js'
import { createLiveNetworkStore } from './live-network-store.js'
import { runSourcePosts } from './run-source-posts.js'

/**
 * Where disclosures take their networks and posts: a completed detection run (its networks,
 * their triage, its stored dump, read through detect's port as the acting user), or a live
 * feed's confirmed networks (their snapshots and the posts kept with them at confirmation).
 */
export function disclosureSources(
  db: Kysely<Database>,
  uploadsDir: string,
): Pick<DisclosureDeps, 'sourceNetworks' | 'sourcePosts' | 'allowlistedAccounts'> {
  const runs: Pick<DetectStore, 'getRun' | 'networksFile' | 'latestTriage' | 'allowlistedAccounts'> = createDetectReads(db)
  const live = createLiveNetworkStore(db)
  const fromRun = runSourcePosts(runs.getRun, uploadsDir)
  const liveNetworks = async (actor: DetectUser, source: Extract<DisclosureSource, { kind: 'live' }>): Promise<NetworksFile> => {
    const records = await live.list(actor.orgId, source.feed, source.networks)
    const missing = source.networks.find((id) => !records.some((r) => r.network.id === id))
    if (missing !== undefined || !records[0])
      throw new VigilError('NOT_FOUND', `no network ${missing ?? source.networks[0]} confirmed on live feed '${source.feed}'`)
    return { version: 1, run: records[0].run, edges: {}, networks: records.map((r) => r.network) }
  }
  return {
    allowlistedAccounts: runs.allowlistedAccounts,
    async sourceNetworks(actor, source) {
      if (source.kind === 'run')
        return { file: await runs.networksFile(actor, source.runId, source.networks), triage: await runs.latestTriage(actor, source.runId) }
      const file = await liveNetworks(actor, source)
      return { file, triage: new Map(file.networks.map((n): [string, TriageStatus] => [n.id, 'confirmed'])) }
    },
    async sourcePosts(actor, source, accounts) {
      if (source.kind === 'run') return fromRun(actor, source, accounts)
      const posts = (await live.posts(actor.orgId, source.feed, source.networks)).filter((p) => accounts.has(p.account))
      return { posts, handles: new Map() }
    },
  }
}
