// `POST /api/v1/collections/:id/misp`: a MISP event of hostile uuid, date, tags and
// attributes; a 200 stores only what maps.
import fc from 'fast-check'
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { hostileString } from './stix-arbitraries.js'

export const mispEvent = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      Event: fc.record(
        {
          uuid: fc.oneof(fc.uuid(), hostileString),
          info: hostileString,
          date: fc.oneof(fc.constant('2026-11-03'), hostileString),
          distribution: fc.constantFrom('0', '1', '2', '3', '4', '5', 'x'),
          Tag: fc.array(
            fc.record({ name: fc.oneof(fc.constantFrom('tlp:green', 'tlp:red', 'tlp:amber+strict', 'tlp:clear'), hostileString) }),
            {
              maxLength: 3,
            },
          ),
          Attribute: fc.array(
            fc.record({
              type: fc.oneof(
                fc.constantFrom('domain', 'ip-src', 'ip-dst', 'url', 'email-src', 'md5', 'sha256', 'hostname', 'text'),
                hostileString,
              ),
              category: fc.constantFrom('Network activity', 'Payload delivery', 'Other'),
              value: hostileString,
            }),
            { maxLength: 6 },
          ),
        },
        { requiredKeys: ['uuid', 'info'] },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
)

export function mispEventCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(
    mispEvent.map((e) => JSON.stringify(e) ?? 'null'),
    async (text: string) => {
      const before = await ctx.objectsStored()
      const r = await ctx.http('POST', `/api/v1/collections/${ctx.collection}/misp`, ctx.writer, text)
      const delta = (await ctx.objectsStored()) - before
      const accepted = r.status === 200 ? (JSON.parse(r.body).successCount as number) : 0
      return { answer: String(r.status), crash: r.crash, partial: delta > accepted }
    },
  )
}
