// `POST /taxii2/vigil/collections/:id/objects/`: an envelope's text; a 202 stores only the
// objects its status counts as successes.
import { TAXII_MEDIA_TYPE } from '@vigil/contracts'
import fc from 'fast-check'
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { objects, text } from './stix-arbitraries.js'

const envelopeText = fc.oneof(
  { weight: 6, arbitrary: objects.map((o) => text({ objects: o })) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.string() },
)

export function taxiiEnvelopeCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(envelopeText, async (text: string) => {
    const before = await ctx.objectsStored()
    const r = await ctx.http('POST', `/taxii2/vigil/collections/${ctx.collection}/objects/`, ctx.writer, text, TAXII_MEDIA_TYPE)
    const delta = (await ctx.objectsStored()) - before
    const accepted = r.status === 202 ? (JSON.parse(r.body).success_count as number) : 0
    return { answer: String(r.status), crash: r.crash, partial: delta > accepted }
  })
}
