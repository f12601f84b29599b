import type { DisclosureDeps } from '@vigil/core'
import {
  createDetectRunStore,
  createDisclosureStore,
  type ExchangeStore,
  nodeRandom,
  runSourcePosts,
  type VigilDatabase,
} from '@vigil/storage'

/** Disclosures over the database, the detection runs' stored dumps and the exchange. */
export function disclosureDeps(db: VigilDatabase['db'], exchange: ExchangeStore, uploadsDir: string): DisclosureDeps {
  const runs = createDetectRunStore(db)
  return {
    store: createDisclosureStore(db),
    random: nodeRandom,
    networksFile: runs.networksFile,
    latestTriage: runs.latestTriage,
    allowlistedAccounts: runs.allowlistedAccounts,
    sourcePosts: runSourcePosts(runs.getRun, uploadsDir),
    writableCollection: (actor, collectionId) => exchange.requireWritable(actor, collectionId),
    addObjects: (actor, collectionId, objects, tlp) => exchange.addObjects(actor, collectionId, objects, { tlp }),
  }
}
