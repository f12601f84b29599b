// `GET …/objects/?added_after=&limit=&next=&match[…]=`: parameters out of form, repeated,
// hostile; 400, or 200 for what is valid. Nothing is written.
import fc from 'fast-check'
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { hostileString } from './stix-arbitraries.js'

const queryValue = fc.oneof(
  hostileString,
  fc.integer().map(String),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000000Z', 'first', 'last', 'all', '0', '-1', '1e400', 'NaN'),
)
const taxiiQuery = fc
  .dictionary(
    fc.constantFrom(
      'added_after',
      'limit',
      'next',
      'match[type]',
      'match[id]',
      'match[version]',
      'match[spec_version]',
      'match[x]',
      '__proto__',
    ),
    fc.oneof(queryValue, fc.array(queryValue, { minLength: 2, maxLength: 3 })),
    { maxKeys: 4 },
  )
  .map((q) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one)
    return params.toString()
  })

export function taxiiQueryCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(taxiiQuery, async (query: string) => {
    const r = await ctx.http('GET', `/taxii2/vigil/collections/${ctx.collection}/objects/?${query}`, ctx.writer, undefined)
    return { answer: String(r.status), crash: r.crash, partial: false }
  })
}
