// `POST /api/v1/collections/:id/objects`: a bundle's text; a 200 stores only its valid
// objects, a refusal stores nothing.
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { bundleText } from './stix-arbitraries.js'

export function restBundleCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(bundleText, async (text: string) => {
    const before = await ctx.objectsStored()
    const r = await ctx.http('POST', `/api/v1/collections/${ctx.collection}/objects`, ctx.writer, text)
    const delta = (await ctx.objectsStored()) - before
    const accepted = r.status === 200 ? (JSON.parse(r.body).successCount as number) : 0
    return { answer: String(r.status), crash: r.crash, partial: delta > accepted }
  })
}
