// The CLI import's own steps after reading the file: JSON.parse, the bundle or MISP schema,
// addObjects. Every refusal is a VigilError; anything else is a crash.
import { MispEventFile, StixBundle } from '@vigil/contracts'
import { isVigilError, mispEventToStix, parseInput } from '@vigil/core'
import fc from 'fast-check'
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { mispEvent } from './misp-event.js'
import { bundleText } from './stix-arbitraries.js'

const arbitrary = fc.tuple(
  fc.constantFrom('stix', 'misp'),
  fc.oneof(
    bundleText,
    mispEvent.map((e) => JSON.stringify(e) ?? 'null'),
  ),
)

export function cliImportCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(arbitrary, async ([format, text]: [string, string]) => {
    const before = await ctx.objectsStored()
    let accepted = 0
    let answer = 'ok'
    let crash = false
    try {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (err) {
        throw Object.assign(new Error((err as Error).message), { code: 'VALIDATION_FAILED', vigil: true })
      }
      const objects =
        format === 'misp' ? mispEventToStix(parseInput(MispEventFile, value).Event).objects : (parseInput(StixBundle, value).objects ?? [])
      accepted = (await ctx.exchange.addObjects(ctx.writer.actor, ctx.collection, objects)).successCount
      answer = accepted === objects.length ? 'all stored' : 'some refused'
    } catch (err) {
      if (isVigilError(err)) answer = err.code
      else if ((err as { vigil?: boolean }).vigil) answer = 'VALIDATION_FAILED'
      else {
        crash = true
        answer = `crash: ${(err as Error).message}`
      }
    }
    const delta = (await ctx.objectsStored()) - before
    return { answer, crash, partial: delta > accepted }
  })
}
