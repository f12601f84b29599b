import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NetworksFile } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { runDetection } from './run-detection.js'

// A hand-computed fixture in the X information-operations archive's documented columns.
// n1–n4 retweet R1 and R2 in the same minutes (one co-reshare network). They were created on
// 2015-03-01 and first post on 2020-02-10 (dormant, switched on together), have screen names
// of a name and 8 digits, n1–n3 share a profile text and URL (written differently). Ten
// accounts: b1–b6 are background, b1 templated too. Bad values: b2's creation date, b3's
// follower count (negative), b4's profile text (3,000 characters).
const HEADER =
  'tweetid,userid,user_screen_name,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,tweet_text,tweet_time,tweet_client_name,is_retweet,retweet_tweetid'
const long = 'x'.repeat(3000)
const member = (i: number, name: string, text: string, url: string) =>
  [1, 2].map((r) =>
    [
      `t${i}${r}`,
      `n${i}`,
      name,
      text,
      url,
      '10',
      '20',
      '2015-03-01',
      `RT @src: post ${r}`,
      r === 1 ? '2020-02-10 10:00' : '2020-02-12 09:00',
      'BotDeck',
      'true',
      `R${r}`,
    ].join(','),
  )
const background = (i: number, name: string, text: string, followers: string, created: string) =>
  [
    `u${i}`,
    `b${i}`,
    name,
    text,
    `https://b${i}.example`,
    followers,
    '5',
    created,
    `original words of b${i} here`,
    `2020-02-11 ${10 + i}:00`,
    'Twitter Web App',
    'false',
    '',
  ].join(',')
const FIXTURE = [
  HEADER,
  ...member(1, 'anna12345678', 'Proud patriot. Love the army', 'https://army.example/join/'),
  ...member(2, 'bob87654321', 'proud  patriot. love the army', 'https://army.example/join'),
  ...member(3, 'carl11112222', 'PROUD PATRIOT. LOVE THE ARMY', 'https://ARMY.example/join'),
  ...member(4, 'dora33334444', '', ''),
  background(1, 'zed99990000', 'just me', '1', '2019-06-01'),
  background(2, 'bee_keeper', 'bees', '2', 'not-a-date'),
  background(3, 'cat_lover', 'cats', '-5', '2019-06-03'),
  background(4, 'dog_person', long, '4', '2019-06-04'),
  background(5, 'eve', 'hello', '5', '2019-06-05'),
  background(6, 'frank', 'hi there', '6', '2019-06-06'),
].join('\n')

const dir = mkdtempSync(join(tmpdir(), 'vigil-accounts-'))
const file = join(dir, 'tweets.csv')
writeFileSync(file, `${FIXTURE}\n`)

describe('account evidence on a hand-computed archive fixture', () => {
  it('reports each tell with its numbers and the count expected by chance', async () => {
    const result = await runDetection({ files: [file], window: 60, minRepeat: 2, weight: 'objects', similarity: 0.8, strict: false })
    NetworksFile.parse(result.networks)
    const [network] = result.networks.networks
    expect(network?.members).toEqual(['n1', 'n2', 'n3', 'n4'])
    // Of the 9 readable creation dates, 4 are 2015-03-01: 4 × 4/9 ≈ 1.8 expected. 4 of 9
    // accounts with both days were dormant a year: 1.8. 5 of 10 names are templated: 2.0.
    // 3 of 8 usable profile texts (b4's is too long) are the same: 1.5. 3 of 9 URLs: 1.3.
    expect(network?.accountEvidence?.map((t) => t.summary)).toEqual([
      "4 of 4 members created on 2015-03-01; about 1.8 expected from the dump's creation dates",
      "4 of 4 members first posted a year or more after they were created, all between 2020-02-10 and 2020-02-10; about 1.8 expected from the dump's accounts",
      "4 of 4 members have a screen name of a name and 8 digits; about 2.0 expected from the dump's names",
      `3 of 4 members have the profile text "proud patriot. love the army"; about 1.5 expected from the dump's accounts`,
      `3 of 4 members have the profile URL "https://army.example/join"; about 1.3 expected from the dump's accounts`,
      // co-profile links n1–n3 (text and URL) and no one else: 3 of the 9 posting accounts
      // with a profile (n4 has none) have such a match, 4 × 3/9 ≈ 1.3 expected.
      "3 of 4 members have a profile text or URL the same as or near-identical to another member's; about 1.3 expected from the dump's accounts with such a match anywhere",
    ])
    expect(network?.accountEvidence?.[0]).toMatchObject({
      tell: 'same-creation-day',
      value: '2015-03-01',
      members: 4,
      of: 4,
      expected: 1.778,
    })
    // BotDeck is used by 4 of the 10 accounts: not rare, no tell.
    expect(network?.accountEvidence?.some((t) => t.tell === 'rare-client')).toBe(false)
    expect(network?.score.accountEvidence).toBe(1)
    const coordination = result.networks.networks[0]?.score
    expect(coordination?.score).toBeCloseTo(
      0.85 *
        (0.3 * (coordination?.timeTightness ?? 0) +
          0.2 * (coordination?.density ?? 0) +
          0.3 * (coordination?.coordinatedShare ?? 0) +
          0.2 * (coordination?.signalAgreement ?? 0)) +
        0.15,
      3,
    )
    expect(result.networks.run.accountFields).toEqual({
      fields: ['account_created', 'account_name', 'profile_text', 'profile_url', 'followers', 'following', 'client'],
      badValues: { account_created: 1, account_name: 0, profile_text: 1, profile_url: 0, followers: 1, following: 0, client: 0 },
    })
    expect(result.networks.run.warnings).toContain(
      '1 unusable account_created values (unparseable, negative or too long) left out of the account evidence',
    )
  })

  it('says so when the dump has no account fields, and guesses nothing', async () => {
    const shares = join(dir, 'shares.csv')
    writeFileSync(shares, 'object_id,account_id,content_id,timestamp_share\nO1,A,a1,0\nO1,B,b1,10\nO2,A,a2,100\nO2,B,b2,110\n')
    const result = await runDetection({ files: [shares], window: 60, minRepeat: 2, weight: 'objects', similarity: 0.8, strict: false })
    expect(result.networks.networks[0]?.accountEvidence).toBeUndefined()
    expect(result.networks.networks[0]?.score.accountEvidence).toBeUndefined()
    expect(result.networks.run.accountFields).toBeUndefined()
    expect(result.networks.run.warnings).toContain(
      'the input has no account fields (creation date, screen name, profile, followers, following, client): no account evidence and no co-profile',
    )
  })
})
