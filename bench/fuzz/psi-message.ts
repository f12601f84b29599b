// `PUT /api/v1/psi/sessions/:id/initiator-message` on an accepted session: an unsigned,
// malformed or non-JSON message is refused and never moves the session on.
import fc from 'fast-check'
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { hostileString } from './stix-arbitraries.js'

const psiMessage = fc.oneof(
  fc.jsonValue(),
  fc.record({
    protocol: fc.oneof(fc.constant('vigil-psi-ecdh-x25519-v1'), hostileString),
    kind: fc.constantFrom('phone', 'email', 'account', 'x'),
    blinded: fc.oneof(
      fc.record({ encoding: fc.constantFrom('base64', 'hex', 'x'), count: fc.integer(), data: fc.oneof(fc.base64String(), hostileString) }),
      fc.jsonValue(),
    ),
    signature: fc.oneof(fc.base64String(), hostileString),
  }),
)

export function psiMessageCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(
    psiMessage.map((m) => JSON.stringify(m) ?? 'null'),
    async (text: string) => {
      const r = await ctx.http('PUT', `/api/v1/psi/sessions/${ctx.session}/initiator-message`, ctx.requester, text)
      const status = (await ctx.app.inject({ url: `/api/v1/psi/sessions/${ctx.session}`, headers: ctx.requester.headers })).json().status
      // An unsigned message never moves the session on.
      return { answer: String(r.status), crash: r.crash, partial: status !== 'accepted' }
    },
  )
}
