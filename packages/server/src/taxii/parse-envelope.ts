import { PostedEnvelope } from '@vigil/contracts'
import { parseInput } from '@vigil/core'

/**
 * Reads a POSTed body as a TAXII envelope. A body that is JSON but not an envelope (not an
 * object, `objects` not a list, more than 10,000 objects, or an element the status could not
 * name: not an object, or without an id of STIX form) is refused with 422 (TAXII 2.1 §5.5:
 * the server could not process the content), naming the first problems and where they are.
 */
export function parseEnvelope(body: unknown): PostedEnvelope {
  return parseInput(PostedEnvelope, body, {
    code: 'TAXII_UNPROCESSABLE',
    path: 'json-pointer',
    prefix: 'not a TAXII envelope: ',
    issues: 20,
  })
}
