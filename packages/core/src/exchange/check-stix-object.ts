import { parseStixObject, type StixParseResult, stixIdUuid } from '@vigil/contracts'
import { scoId } from './sco-id.js'

/**
 * Everything Vigil checks before it stores an object: the STIX 2.1 schema of its type
 * (`parseStixObject`) and, for an SCO whose id is a UUIDv5, that it is the UUIDv5 of its
 * id-contributing properties. STIX 2.1 §2.9 says SCOs SHOULD use that id, not MUST, so a
 * random id (UUIDv4, as MISP sends) is accepted; a UUIDv5 that names other values is not,
 * since it claims the deterministic id of a different observable.
 *
 * @example
 * const r = checkStixObject(value); if (!r.ok) report(r.issues)
 */
export function checkStixObject(value: unknown): StixParseResult {
  const result = parseStixObject(value)
  if (!result.ok) return result
  if (stixIdUuid(result.object.id)?.[14] !== '5') return result
  const expected = scoId(result.object)
  if (expected !== undefined && expected !== result.object.id) {
    return {
      ok: false,
      id: result.object.id,
      issues: [{ path: '$.id', message: `must be ${expected}, the UUIDv5 of its id-contributing properties, or a random UUIDv4` }],
    }
  }
  return result
}
