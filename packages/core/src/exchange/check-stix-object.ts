import { parseStixObject, type StixParseResult } from '@vigil/contracts'
import { scoId } from './sco-id.js'

/**
 * Everything Vigil checks before it stores an object: the STIX 2.1 schema of its type
 * (`parseStixObject`) and, for SCOs, that the id is the UUIDv5 of its id-contributing
 * properties, so that the same observable has one id wherever it comes from.
 *
 * @example
 * const r = checkStixObject(value); if (!r.ok) report(r.issues)
 */
export function checkStixObject(value: unknown): StixParseResult {
  const result = parseStixObject(value)
  if (!result.ok) return result
  const expected = scoId(result.object)
  if (expected !== undefined && expected !== result.object.id) {
    return {
      ok: false,
      id: result.object.id,
      issues: [{ path: '$.id', message: `must be ${expected}, the UUIDv5 of its id-contributing properties` }],
    }
  }
  return result
}
