import { Envelope } from '@vigil/contracts'
import { VigilError } from '@vigil/core'

/**
 * Reads a POSTed body as a TAXII envelope. A body that is JSON but not an envelope is
 * refused with 422 (TAXII 2.1 §5.5: the server could not process the content), naming
 * the first problems and where they are.
 */
export function parseEnvelope(body: unknown): Envelope {
  const parsed = Envelope.safeParse(body)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }))
  const first = issues[0]
  throw new VigilError('TAXII_UNPROCESSABLE', `not a TAXII envelope: ${first?.path} ${first?.message}`, { issues })
}
