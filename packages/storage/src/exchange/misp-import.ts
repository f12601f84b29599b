import { type IngestResult, MispEventFile } from '@vigil/contracts'
import { type Actor, mispEventToStix, parseInput } from '@vigil/core'
import type { ExchangeStore } from './exchange-store.js'

/**
 * Imports a MISP event (`{"Event": …}`, MISP's JSON export) into a collection as STIX 2.1
 * (`mispEventToStix`), through the exchange store like any bundle. A file that is not a
 * MISP event is refused with the JSON path of the first problem.
 */
export async function importMispEvent(
  store: ExchangeStore,
  actor: Actor,
  collectionId: string,
  json: unknown,
): Promise<IngestResult & { readonly unmapped: number }> {
  const event = parseInput(MispEventFile, json, { path: 'json-path', prefix: 'not a MISP event: ' }).Event
  const { objects, unmapped } = mispEventToStix(event)
  return { ...(await store.addObjects(actor, collectionId, objects)), unmapped }
}
