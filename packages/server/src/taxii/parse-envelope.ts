import { PostedEnvelope } from '@vigil/contracts'
import { VigilError } from '@vigil/core'

/**
 * Reads a POSTed body as a TAXII envelope. A body that is JSON but not an envelope (not an
 * object, `objects` not a list, more than 10,000 objects, or an element the status could not
 * name: not an object, or without an id of STIX form) is refused with 422 (TAXII 2.1 §5.5:
 * the server could not process the content), naming the first problems and where they are.
 */
export function parseEnvelope(body: unknown): PostedEnvelope {
  const parsed = PostedEnvelope.safeParse(body)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }))
  const first = issues[0]
  throw new VigilError('TAXII_UNPROCESSABLE', `not a TAXII envelope: ${first?.path} ${first?.message}`, { issues })
}
