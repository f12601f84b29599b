import { join } from 'node:path'
import { type DetectSignal, NetworksFile, type RepeatCount } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

// Twitter's thailand_092020 takedown (PROVENANCE.md beside it): 21,385 tweets by 455 of the
// network's 926 accounts. Every account is in the network, so these are counts of accounts
// found, not precision (docs/BENCHMARKS.md).
describeWithShared('X information-operations archive, thailand_092020 (real data)', 'data/cib/x_io_archive', (dir) => {
  // The signals before co-profile: the figures of docs/BENCHMARKS.md "as before".
  const coPosting: DetectSignal[] = [
    'co-reshare',
    'co-link',
    'co-domain',
    'co-hashtag',
    'co-mention',
    'co-reply',
    'co-text',
    'co-similar-text',
  ]
  const detect = (repeat: RepeatCount, signals: DetectSignal[] | undefined = coPosting) =>
    runDetection({
      files: [join(dir, 'thailand_092020_tweets_csv_hashed.csv.gz')],
      ...(signals ? { signals } : {}),
      accountsFile: join(dir, 'thailand_092020_users_csv_hashed.csv'),
      window: 60,
      minRepeat: 2,
      weight: 'objects',
      repeat,
      similarity: 0.8,
      strict: false,
    })

  it('flags the same accounts per signal as before, and reads every account field without a bad value', async () => {
    const result = await detect('per-signal')
    NetworksFile.parse(result.networks)
    expect(result.networks.run).toMatchObject({ posts: 21_385, accounts: 455 })
    expect(new Set(result.networks.networks.flatMap((n) => n.members)).size).toBe(138)
    expect(result.networks.run.accountFields?.badValues).toEqual({
      account_created: 0,
      account_name: 0,
      profile_text: 0,
      profile_url: 0,
      followers: 0,
      following: 0,
      client: 0,
    })
  })

  it('with fused counting, reports same-day creation batches against the 926 accounts’ dates', async () => {
    const result = await detect('fused')
    const networks = result.networks.networks
    expect(new Set(networks.flatMap((n) => n.members)).size).toBe(134)
    const batches = networks.flatMap((n) => n.accountEvidence ?? []).filter((t) => t.tell === 'same-creation-day')
    expect(batches.length).toBeGreaterThan(0)
    for (const t of batches) expect(t.members).toBeGreaterThanOrEqual(2 * t.expected)
    expect(networks.every((n) => n.score.accountEvidence !== undefined)).toBe(true)
  })
})

describeWithShared('X information-operations archive with co-profile (real data)', 'data/cib/x_io_archive', (dir) => {
  const detect = (repeat: RepeatCount, signals?: DetectSignal[]) =>
    runDetection({
      files: [join(dir, 'thailand_092020_tweets_csv_hashed.csv.gz')],
      ...(signals ? { signals } : {}),
      accountsFile: join(dir, 'thailand_092020_users_csv_hashed.csv'),
      window: 60,
      minRepeat: 2,
      weight: 'objects',
      repeat,
      similarity: 0.8,
      strict: false,
    })

  // Two and one whole runs of the archive: allowed more than the default 30 s on the shared machine.
  it('runs co-profile by default, adds accounts, and leaves every other signal’s edges as they were', async () => {
    const withProfile = await detect('fused')
    expect(withProfile.networks.run.signals).toContain('co-profile')
    expect(withProfile.networks.edges['co-profile']).toBe(1)
    expect(new Set(withProfile.networks.networks.flatMap((n) => n.members)).size).toBe(136)
    const without = await detect(
      'fused',
      withProfile.networks.run.signals.filter((s) => s !== 'co-profile'),
    )
    expect(withProfile.edges.filter((e) => e.signal !== 'co-profile')).toEqual(without.edges)
  }, 180_000)

  it('flags 140 accounts with per-signal counting and co-profile', async () => {
    const perSignal = await detect('per-signal')
    expect(new Set(perSignal.networks.networks.flatMap((n) => n.members)).size).toBe(140)
  }, 90_000)
})
