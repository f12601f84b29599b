import type { DisclosureSource, NetworksFile, OrgId, TriageStatus } from '@vigil/contracts'
import { type DisclosureDeps, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { createDetectRunStore } from '../detect/detect-run-store.js'
import type { Database } from '../postgres/database-schema.js'
import { createLiveNetworkStore } from './live-network-store.js'
import { runSourcePosts } from './run-source-posts.js'

/**
 * Where disclosures take their networks and posts: a completed detection run (its networks,
 * their triage, its stored dump), or a live feed's confirmed networks (their snapshots and the
 * posts kept with them at confirmation).
 */
export function disclosureSources(
  db: Kysely<Database>,
  uploadsDir: string,
): Pick<DisclosureDeps, 'sourceNetworks' | 'sourcePosts' | 'allowlistedAccounts'> {
  const runs = createDetectRunStore(db)
  const live = createLiveNetworkStore(db)
  const fromRun = runSourcePosts(runs.getRun, uploadsDir)
  const liveNetworks = async (orgId: OrgId, source: Extract<DisclosureSource, { kind: 'live' }>): Promise<NetworksFile> => {
    const records = await live.list(orgId, source.feed, source.networks)
    const missing = source.networks.find((id) => !records.some((r) => r.network.id === id))
    if (missing !== undefined || !records[0])
      throw new VigilError('NOT_FOUND', `no network ${missing ?? source.networks[0]} confirmed on live feed '${source.feed}'`)
    return { version: 1, run: records[0].run, edges: {}, networks: records.map((r) => r.network) }
  }
  return {
    allowlistedAccounts: runs.allowlistedAccounts,
    async sourceNetworks(orgId, source) {
      if (source.kind === 'run')
        return { file: await runs.networksFile(orgId, source.runId, source.networks), triage: await runs.latestTriage(orgId, source.runId) }
      const file = await liveNetworks(orgId, source)
      return { file, triage: new Map(file.networks.map((n): [string, TriageStatus] => [n.id, 'confirmed'])) }
    },
    async sourcePosts(orgId, source, accounts) {
      if (source.kind === 'run') return fromRun(orgId, source, accounts)
      const posts = (await live.posts(orgId, source.feed, source.networks)).filter((p) => accounts.has(p.account))
      return { posts, handles: new Map() }
    },
  }
}
