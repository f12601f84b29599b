import type { DisclosureDeps } from '@vigil/core'
import { createDisclosureStore, disclosureSources, type ExchangeStore, nodeRandom, type VigilDatabase } from '@vigil/storage'

/** Disclosures over the database, the detection runs' stored dumps, the confirmed live networks and the exchange. */
export function disclosureDeps(db: VigilDatabase['db'], exchange: ExchangeStore, uploadsDir: string): DisclosureDeps {
  return {
    store: createDisclosureStore(db),
    random: nodeRandom,
    ...disclosureSources(db, uploadsDir),
    writableCollection: (actor, collectionId) => exchange.requireWritable(actor, collectionId),
    addObjects: (actor, collectionId, objects, tlp) => exchange.addObjects(actor, collectionId, objects, { tlp }),
  }
}
