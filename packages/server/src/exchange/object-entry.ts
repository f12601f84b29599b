import type { ObjectEntry } from '@vigil/contracts'
import type { StoredObject } from '@vigil/storage'

/** A stored object version as the REST API shows it: the object as received, and Vigil's record beside it. */
export function toObjectEntry(o: StoredObject): ObjectEntry {
  return {
    collectionId: o.collectionId as ObjectEntry['collectionId'],
    dateAdded: o.dateAdded,
    tlp: o.tlp,
    tlpSource: o.tlpSource,
    creatorOrgId: o.creatorOrgId as ObjectEntry['creatorOrgId'],
    object: o.object,
  }
}
