import { type IngestResult, jsonPath, MispEventFile } from '@vigil/contracts'
import { type Actor, mispEventToStix, VigilError } from '@vigil/core'
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
  const parsed = MispEventFile.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new VigilError('VALIDATION_FAILED', `not a MISP event: ${jsonPath(issue?.path ?? [])} ${issue?.message ?? 'is invalid'}`)
  }
  const { objects, unmapped } = mispEventToStix(parsed.data.Event)
  return { ...(await store.addObjects(actor, collectionId, objects)), unmapped }
}
