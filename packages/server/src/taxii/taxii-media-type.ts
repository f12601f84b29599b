interface MediaRange {
  readonly type: string
  readonly params: ReadonlyMap<string, string>
}

function parseMediaRange(text: string): MediaRange {
  const [type = '', ...rest] = text.split(';')
  const params = new Map<string, string>()
  for (const p of rest) {
    const eq = p.indexOf('=')
    if (eq > 0)
      params.set(
        p.slice(0, eq).trim().toLowerCase(),
        p
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      )
  }
  return { type: type.trim().toLowerCase(), params }
}

// TAXII 2.1 §1.6.8: `application/taxii+json` names TAXII; without `version` it means the
// latest version the server supports, which is 2.1 here.
function isTaxii21(range: MediaRange): boolean {
  if (range.type !== 'application/taxii+json') return false
  const version = range.params.get('version')
  return version === undefined || version === '2.1'
}

/**
 * Whether an `Accept` header lets the server answer in TAXII 2.1. Wildcards do not:
 * TAXII clients name the media type, and answering another would break them silently.
 */
export function acceptsTaxii21(accept: string | undefined): boolean {
  if (!accept) return false
  return accept.split(',').some((part) => {
    const range = parseMediaRange(part)
    const q = Number(range.params.get('q') ?? '1')
    return q > 0 && isTaxii21(range)
  })
}

/** Whether a request body's `Content-Type` is the TAXII 2.1 media type. */
export function isTaxii21ContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && isTaxii21(parseMediaRange(contentType))
}
