import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { NetworksFile } from '@vigil/contracts'
import { describeWithShared, GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import { expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

const base = { similarity: 0.8, strict: false, minRepeat: 2 } as const

/**
 * An independent, brute-force reading of the two tools' definitions over CooRTweet input:
 * for each object every pair of shares by different accounts within the window; CooRTweet's
 * weight counts the pairs, the QUT toolkit's the matched posts of the busier direction.
 */
function bruteForce(csv: string, windowSeconds: number) {
  const posts = new Map<string, { account: string; t: number; objects: Set<string> }>()
  for (const line of csv.trim().split('\n').slice(1)) {
    const [object, account, content, time] = line.split(',') as [string, string, string, string]
    const post = posts.get(content) ?? { account, t: Number(time), objects: new Set<string>() }
    post.t = Math.min(post.t, Number(time))
    post.objects.add(object)
    posts.set(content, post)
  }
  const byObject = new Map<string, { id: string; account: string; t: number }[]>()
  for (const [id, p] of posts) for (const o of p.objects) byObject.set(o, [...(byObject.get(o) ?? []), { id, account: p.account, t: p.t }])
  const edges = new Map<string, { pairs: number; objects: Set<string>; a: Set<string>; b: Set<string> }>()
  for (const [object, shares] of byObject) {
    for (let i = 0; i < shares.length; i++) {
      for (let j = i + 1; j < shares.length; j++) {
        const x = shares[i] as { id: string; account: string; t: number }
        const y = shares[j] as { id: string; account: string; t: number }
        if (x.account === y.account || Math.abs(x.t - y.t) > windowSeconds) continue
        const [first, second] = x.account < y.account ? [x, y] : [y, x]
        const key = `${first.account}|${second.account}`
        const e = edges.get(key) ?? { pairs: 0, objects: new Set(), a: new Set(), b: new Set() }
        e.pairs++
        e.objects.add(object)
        e.a.add(first.id)
        e.b.add(second.id)
        edges.set(key, e)
      }
    }
  }
  const weights = (f: (e: { pairs: number; objects: Set<string>; a: Set<string>; b: Set<string> }) => number) =>
    [...edges]
      .map(([k, e]) => [k, f(e)] as const)
      .filter(([, w]) => w >= 2)
      .sort(([x], [y]) => (x < y ? -1 : 1))
  return {
    objects: weights((e) => e.objects.size),
    pairs: weights((e) => e.pairs),
    posts: weights((e) => Math.max(e.a.size, e.b.size)),
  }
}

describeWithShared('CooRTweet russian_coord_tweets (real data)', 'data/cib/coortweet/russian_coord_tweets.csv', (file) => {
  const expected = bruteForce(readFileSync(file, 'utf8'), 60)

  for (const weight of ['objects', 'posts', 'pairs'] as const) {
    it(`--weight ${weight} at 60 s, min repeat 2 equals the brute-force definition`, async () => {
      const r = await runDetection({ ...base, files: [file], window: 60, weight })
      expect(r.networks.run).toMatchObject({ format: 'coortweet', rows: 35_125, posts: 35_085, accounts: 9_509, badRows: 0 })
      const got = r.edges.map((e) => [`${e.a}|${e.b}`, e.weight]).sort(([x], [y]) => (String(x) < String(y) ? -1 : 1))
      expect(got.length).toBeGreaterThan(10)
      expect(got).toEqual(expected[weight])
      expect(() => NetworksFile.parse(r.networks)).not.toThrow()
    })
  }

  it('--weight pairs in chunks of 5,000 rows (the window join of a large dump) equals the brute-force definition', async () => {
    const r = await runDetection({ ...base, files: [file], window: 60, weight: 'pairs', chunkRows: 5_000 })
    expect(r.edges.map((e) => [`${e.a}|${e.b}`, e.weight]).sort(([x], [y]) => (String(x) < String(y) ? -1 : 1))).toEqual(expected.pairs)
  })
})

describeWithShared('FiveThirtyEight IRA by author, Oct–Nov 2016 (real data)', 'data/cib/ira_538_by_author', (dir) => {
  it('runs every signal in one pass at 60 s, flags only IRA accounts, and reports purity by category', async () => {
    const r = await runDetection({
      ...base,
      files: [join(dir, 'tweets_2016-10-01_2016-11-15.csv')],
      window: 60,
      weight: 'objects',
      labelsFile: join(dir, 'authors.csv'),
      accountsFile: join(dir, 'authors.csv'),
      labelColumn: 'account_category',
    })
    const run = r.networks.run
    expect(run).toMatchObject({ format: 'ira-538-by-author', rows: 180_757, posts: 180_757, accounts: 474, badRows: 0 })
    expect(run.signals).toEqual(['co-reshare', 'co-link', 'co-domain', 'co-hashtag', 'co-mention', 'co-text', 'co-similar-text'])
    expect(run.timeResolutionSeconds).toBe(60)
    expect(run.warnings.join()).toContain('rounded to 60 s')
    expect(r.networks.edges['co-reshare']).toBeGreaterThan(100)
    // Originals (empty post_type) feed every other signal; t.co links are unique per tweet.
    expect(r.networks.edges['co-hashtag']).toBeGreaterThan(100)
    for (const s of ['co-mention', 'co-text', 'co-similar-text']) expect(r.networks.edges[s]).toBeGreaterThan(0)
    expect(r.networks.networks.length).toBeGreaterThan(3)
    // Every account in authors.csv is an IRA account, so every flagged one is a true positive.
    expect(r.networks.labelMetrics?.precision).toBe(1)
    for (const n of r.networks.networks) expect(n.purity).toBeGreaterThan(0)
    expect(() => NetworksFile.parse(r.networks)).not.toThrow()
  })
})

describeWithShared('CooRTweet german_elections (real data, --map)', 'data/cib/coortweet/german_elections.csv', (file) => {
  it('reads it with --map and runs link, domain, hashtag and image in one pass at 30 s', async () => {
    const r = await runDetection({ ...base, files: [file], map: GERMAN_ELECTIONS_MAP, window: 30, weight: 'objects' })
    // The file holds 58,317 distinct account_id values (PROVENANCE.md counts 58,316).
    expect(r.networks.run).toMatchObject({ format: 'generic', rows: 218_971, accounts: 58_317, badRows: 0 })
    expect(r.networks.run.signals).toEqual(['co-link', 'co-domain', 'co-hashtag', 'co-image'])
    for (const signal of r.networks.run.signals) expect(r.networks.edges[signal]).toBeGreaterThan(10)
    expect(r.networks.networks.some((n) => n.signals.length >= 2)).toBe(true)
    expect(() => NetworksFile.parse(r.networks)).not.toThrow()
  })
})
