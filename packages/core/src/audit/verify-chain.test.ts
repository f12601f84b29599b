import { describe, expect, it } from 'vitest'
import { GENESIS_HASH, hashAuditEntry } from './audit-chain.js'
import { type ChainEntry, verifyChain } from './verify-chain.js'

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = []
  let prev = GENESIS_HASH
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actor: `user:${seq % 3}`,
      action: 'test.act',
      targetType: seq % 2 ? 'org' : null,
      targetId: seq % 2 ? `o${seq}` : null,
      outcome: 'success' as const,
      requestId: null,
      details: { n: seq, tags: ['a', 'b'] },
    }
    const hash = hashAuditEntry(prev, content)
    out.push({ ...content, prevHash: prev, hash })
    prev = hash
  }
  return out
}

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const entries = chain(5)
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 5, head: { seq: 5, hash: entries[4]?.hash } })
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, head: null })
  })

  it('names the entry whose content changed', () => {
    const entries = chain(5)
    entries[2] = { ...entries[2], action: 'test.acT' } as ChainEntry
    expect(verifyChain(entries)).toMatchObject({ ok: false, seq: 3, reason: 'hash-mismatch', entries: 2 })
  })

  it('detects a removed entry, a removed first entry and a swap', () => {
    const entries = chain(5)
    expect(verifyChain([...entries.slice(0, 2), ...entries.slice(3)])).toMatchObject({ ok: false, seq: 3, reason: 'sequence-gap' })
    expect(verifyChain(entries.slice(1))).toMatchObject({ ok: false, seq: 1, reason: 'sequence-gap' })
    const [a, b] = [entries[1], entries[2]] as [ChainEntry, ChainEntry]
    const swapped = [entries[0], { ...b, seq: 2 }, { ...a, seq: 3 }, entries[3], entries[4]] as ChainEntry[]
    expect(verifyChain(swapped)).toMatchObject({ ok: false, seq: 2, reason: 'prev-hash-mismatch' })
  })

  it('detects a cut-off tail and a rewritten chain only with a checkpoint', () => {
    const entries = chain(6)
    const checkpoint = { seq: 6, hash: entries[5]?.hash ?? '' }
    expect(verifyChain(entries.slice(0, 4)).ok).toBe(true)
    expect(verifyChain(entries.slice(0, 4), checkpoint)).toMatchObject({ ok: false, seq: 5, reason: 'missing-tail' })
    const rewritten = chain(6).map((e) => ({ ...e }))
    expect(verifyChain(rewritten, { seq: 3, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, seq: 3, reason: 'checkpoint-mismatch' })
    expect(verifyChain(entries, checkpoint).ok).toBe(true)
    expect(verifyChain(entries, { seq: 2, hash: entries[1]?.hash ?? '' })).toMatchObject({ ok: true, entries: 6 })
  })
})
