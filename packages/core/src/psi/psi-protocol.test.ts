import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { PSI_NORMALISATION_RULES, PSI_PROTOCOL, type SelectorKind } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { isVigilError } from '../shared/errors.js'
import type { Random } from '../shared/random.js'
import { nobleX25519Group as group } from './noble-x25519-group.js'
import { hashToGroup, psiHashTag, selectorMessage } from './psi-element.js'
import { finishInitiator, respond, startInitiator } from './psi-protocol.js'
import { shuffled } from './shuffle.js'

const random: Random = { uuid: randomUUID, bytes: (n) => new Uint8Array(randomBytes(n)) }
const limits = { maxSetSize: 1000 }
const binding = { sessionId: randomUUID(), initiatorOrgId: randomUUID(), responderOrgId: randomUUID() }
const emails = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `user${from + i}@example.org`)

/** A deterministic random source: SHA-256 of the seed and a counter, so a test can replay its draws. */
function seededRandom(seed: string): Random {
  let counter = 0
  const bytes = (n: number) => {
    const out = new Uint8Array(n)
    for (let o = 0; o < n; o += 32)
      out.set(
        createHash('sha256')
          .update(`${seed}:${counter++}`)
          .digest()
          .subarray(0, Math.min(32, n - o)),
        o,
      )
    return out
  }
  return { uuid: randomUUID, bytes }
}

async function runBoth(kind: SelectorKind, mine: string[], theirs: string[]) {
  const { state, message } = await startInitiator(group, random, binding, kind, mine, limits)
  const reply = await respond(group, random, binding, kind, theirs, message, limits)
  return { message, reply, result: await finishInitiator(group, state, reply, limits) }
}

function elements(packed: Uint8Array): string[] {
  return Array.from({ length: packed.length / 32 }, (_, i) => Buffer.from(packed.subarray(i * 32, i * 32 + 32)).toString('hex'))
}

async function expectRefused(p: Promise<unknown>, code: string, pattern: RegExp) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isVigilError(err) && err.code).toBe(code)
  expect((err as Error).message).toMatch(pattern)
}

describe('ECDH PSI over X25519 (pure-JS group)', () => {
  it('finds nothing between empty sets', async () => {
    const { result, reply } = await runBoth('email', [], [])
    expect(result).toEqual({ shared: [], responderSetSize: 0 })
    expect(reply.doubleBlinded.length).toBe(0)
  })

  it('finds the one shared selector, and no false one', async () => {
    expect((await runBoth('phone', ['+15550100001'], ['+15550100001'])).result.shared).toEqual(['+15550100001'])
    expect((await runBoth('phone', ['+15550100001'], ['+15550100002'])).result).toEqual({ shared: [], responderSetSize: 1 })
    expect((await runBoth('phone', [], ['+15550100002'])).result.shared).toEqual([])
  })

  it('finds exactly the known overlap of two sets', async () => {
    const { result, message, reply } = await runBoth('email', emails(0, 60), emails(40, 120))
    expect(result).toEqual({ shared: emails(40, 60).sort(), responderSetSize: 80 })
    expect(message.blinded.length).toBe(60 * 32)
    expect(reply.doubleBlinded.length).toBe(60 * 32)
  })

  it('keeps kinds apart: the same text as another kind never matches', async () => {
    const { state, message } = await startInitiator(group, random, binding, 'account', ['x:1'], limits)
    await expectRefused(respond(group, random, binding, 'email', ['x:1'], message, limits), 'PSI_INVALID_MESSAGE', /account selectors/)
    expect(state.order).toEqual(['x:1'])
    expect(hashToGroup(psiHashTag(binding), [selectorMessage('email', 'a@b.org')])).not.toEqual(
      hashToGroup(psiHashTag(binding), [selectorMessage('account', 'a@b.org')]),
    )
  })

  it("makes the responder's messages unlinkable to its inputs across two sessions", async () => {
    const theirs = emails(0, 50)
    const first = await runBoth('email', emails(25, 75), theirs)
    const second = await runBoth('email', emails(25, 75), theirs)
    // Same inputs, same result...
    expect(second.result).toEqual(first.result)
    // ...but fresh secrets and a fresh order: no element of one session appears in the other,
    // so neither an observer nor the initiator can tell that the responder's set was the same.
    const a = new Set([...elements(first.reply.responderBlinded), ...elements(first.reply.doubleBlinded)])
    const b = [...elements(second.reply.responderBlinded), ...elements(second.reply.doubleBlinded)]
    expect(b.filter((e) => a.has(e))).toEqual([])
    // Nor do they carry the input's hash unblinded, or its order.
    const plain = elements(
      hashToGroup(
        psiHashTag(binding),
        theirs.map((t) => selectorMessage('email', t)),
      ),
    )
    expect(elements(first.reply.responderBlinded).filter((e) => plain.includes(e))).toEqual([])
    expect(new Set(elements(first.message.blinded)).size).toBe(50)
  })

  it('refuses a message whose length is not a whole number of elements', async () => {
    const { message } = await startInitiator(group, random, binding, 'email', emails(0, 2), limits)
    const cut = { kind: message.kind, blinded: message.blinded.subarray(0, 63) }
    await expectRefused(respond(group, random, binding, 'email', emails(0, 2), cut, limits), 'PSI_INVALID_MESSAGE', /63 bytes/)
  })

  it('refuses a reply that does not answer every element sent', async () => {
    const { state, message } = await startInitiator(group, random, binding, 'email', emails(0, 3), limits)
    const reply = await respond(group, random, binding, 'email', emails(0, 3), message, limits)
    const short = { ...reply, doubleBlinded: reply.doubleBlinded.subarray(0, 64) }
    await expectRefused(finishInitiator(group, state, short, limits), 'PSI_INVALID_MESSAGE', /2 double-blinded elements for 3/)
  })

  it('refuses sets above the cap, on either side', async () => {
    await expectRefused(startInitiator(group, random, binding, 'email', emails(0, 5), { maxSetSize: 4 }), 'PSI_SET_TOO_LARGE', /at most 4/)
    const { message } = await startInitiator(group, random, binding, 'email', emails(0, 5), limits)
    await expectRefused(
      respond(group, random, binding, 'email', [], message, { maxSetSize: 4 }),
      'PSI_SET_TOO_LARGE',
      /initiator set holds 5/,
    )
  })

  it("shuffles each party's output as its random source dictates, never in input order", async () => {
    const mine = emails(0, 40)
    const theirs = emails(20, 60)
    const { state, message } = await startInitiator(group, seededRandom('i'), binding, 'email', mine, limits)
    const replayI = seededRandom('i')
    const a = replayI.bytes(32)
    const expectedOrder = shuffled(mine, replayI)
    expect(state.order).toEqual(expectedOrder)
    expect(state.order).not.toEqual(mine)
    const tag = psiHashTag(binding)
    const blind = (secret: Uint8Array, order: readonly string[]) =>
      group.hashAndBlind(
        secret,
        tag,
        order.map((x) => selectorMessage('email', x)),
      )
    expect(message.blinded).toEqual(await blind(a, expectedOrder))

    const reply = await respond(group, seededRandom('r'), binding, 'email', theirs, message, limits)
    const replayR = seededRandom('r')
    const b = replayR.bytes(32)
    const theirOrder = shuffled(theirs, replayR)
    expect(theirOrder).not.toEqual(theirs)
    expect(reply.responderBlinded).toEqual(await blind(b, theirOrder))
    expect(reply.responderBlinded).not.toEqual(await blind(b, theirs))
    // The initiator's elements come back in the order sent, so it can tell which matched.
    expect(reply.doubleBlinded).toEqual(await group.blind(b, message.blinded))
  })

  it('refuses a reply carrying an invalid point, in either list', async () => {
    const { state, message } = await startInitiator(group, random, binding, 'email', emails(0, 3), limits)
    const reply = await respond(group, random, binding, 'email', emails(0, 3), message, limits)
    for (const list of ['doubleBlinded', 'responderBlinded'] as const) {
      const forged = reply[list].slice()
      forged.fill(0, 32, 64) // u = 0: a point of order 2
      await expectRefused(finishInitiator(group, state, { ...reply, [list]: forged }, limits), 'PSI_INVALID_MESSAGE', /element 1 /)
    }
  })

  it('matches nothing across sessions: a first message spliced into another session learns nothing', async () => {
    const shared = emails(0, 10)
    const other = { ...binding, sessionId: randomUUID(), initiatorOrgId: randomUUID() }
    const { state, message } = await startInitiator(group, random, binding, 'email', shared, limits)
    // The responder answers the spliced message in the other session, with the same selectors.
    const spliced = await respond(group, random, other, 'email', shared, message, limits)
    expect((await finishInitiator(group, state, spliced, limits)).shared).toEqual([])
    // Each part of the binding counts on its own.
    for (const changed of [{ responderOrgId: randomUUID() }, { initiatorOrgId: randomUUID() }, { sessionId: randomUUID() }]) {
      const reply = await respond(group, random, { ...binding, ...changed }, 'email', shared, message, limits)
      expect((await finishInitiator(group, state, reply, limits)).shared).toEqual([])
    }
  })

  it('refuses a binding that is not three UUIDs, so no two bindings share a tag', () => {
    expect(() => psiHashTag({ ...binding, sessionId: 'x;y' })).toThrow(/UUIDs/)
    expect(psiHashTag(binding)).toContain(`norm-${PSI_NORMALISATION_RULES}`)
    expect(PSI_PROTOCOL.endsWith(`-norm${PSI_NORMALISATION_RULES}`)).toBe(true)
  })
})
