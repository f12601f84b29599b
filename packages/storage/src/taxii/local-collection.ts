import type { LocalCollection, TaxiiStore } from '@vigil/core'

/**
 * A collection of this instance as `vigil taxii pull|push` sees it, through the same
 * TAXII store the server uses: pulled objects are added like any TAXII POST, and a push
 * reads every version the actor may see, in date-added order, like any TAXII GET.
 */
export function exchangeLocalCollection(store: TaxiiStore): LocalCollection {
  return {
    addObjects: (actor, collection, objects) => store.addObjects(actor, collection, objects),
    async readObjects(actor, collection, page) {
      const result = await store.readObjects(actor, collection, {
        versions: 'all',
        limit: page.limit,
        anySpecVersion: true,
        ...(page.after ? { next: page.after } : {}),
      })
      return { objects: result.versions.map((v) => v.object), ...(result.end ? { cursor: result.end } : {}) }
    },
  }
}
