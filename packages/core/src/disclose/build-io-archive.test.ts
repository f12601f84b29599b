import { describe, expect, it } from 'vitest'
import { VigilError } from '../shared/errors.js'
import { type ArchivePost, buildIoArchive, IO_TWEETS_COLUMNS, IO_USERS_COLUMNS } from './build-io-archive.js'

const secret = (fill: number) => new Uint8Array(32).fill(fill)
const at = (minute: number) => new Date(Date.UTC(2020, 1, 1, 12, minute))
const posts: ArchivePost[] = [
  {
    account: '111',
    post: 'p1',
    time: at(0),
    text: 'vote early @small_fry and @BigNews',
    screenName: 'small_fry',
    displayName: 'Small Fry',
    followers: 12,
  },
  {
    account: '222',
    post: 'p2',
    time: at(1),
    text: 'RT @small_fry: vote early',
    reshareOf: 'p1',
    screenName: 'helper2',
    displayName: 'Helper Two',
    followers: 4_999,
  },
  {
    account: '333',
    post: 'p3',
    time: at(2),
    text: 'agreed, Small Fry! see x.com/helper2 #vote',
    replyTo: 'p1',
    screenName: 'BigNews',
    displayName: 'Big News',
    followers: 5_000,
  },
  { account: '444', post: 'p4', time: at(3), text: 'outside the network', screenName: 'outsider', followers: 1 },
  { account: '111', post: 'p5', time: at(4), text: 'hello @stranger', screenName: 'small_fry', displayName: 'Small Fry', followers: 13 },
]
const members = ['111', '222', '333']
const build = (fill = 1, extra: Partial<Parameters<typeof buildIoArchive>[0]> = {}) =>
  buildIoArchive({ members, posts, secret: secret(fill), releaseDate: new Date('2026-12-05T00:00:00Z'), ...extra })
const column = (rows: readonly (readonly string[])[], name: string) =>
  rows.slice(1).map((r) => r[(rows[0] as readonly string[]).indexOf(name)])

describe('buildIoArchive', () => {
  it("writes X's columns, one tweet per member post and one user per member", () => {
    const a = build()
    expect(a.tweets[0]).toEqual(IO_TWEETS_COLUMNS)
    expect(a.users[0]).toEqual(IO_USERS_COLUMNS)
    expect(column(a.tweets, 'tweetid')).toEqual(['p1', 'p2', 'p3', 'p5'])
    expect(column(a.tweets, 'tweet_time')[0]).toBe('2020-02-01 12:00')
    expect(column(a.tweets, 'is_retweet')).toEqual(['false', 'true', 'false', 'false'])
    expect(a.users).toHaveLength(4)
    expect(a.readme).toContain('fewer than 5000 followers')
    expect(a.readme).toContain('Released 2026-12-05')
  })

  it('hashes accounts under the threshold everywhere, texts and other rows included, and keeps the others', () => {
    const a = build()
    const everything = JSON.stringify([a.tweets, a.users, a.readme]).toLowerCase()
    for (const raw of ['111', 'small_fry', 'small fry', '222', 'helper2', 'helper two', 'stranger']) expect(everything).not.toContain(raw)
    const userids = column(a.tweets, 'userid')
    expect(userids[0]).toMatch(/^[0-9a-f]{64}$/)
    expect(userids[2]).toBe('333')
    expect(column(a.tweets, 'user_screen_name')[2]).toBe('BigNews')
    expect(column(a.tweets, 'user_display_name')[2]).toBe('Big News')
    expect(column(a.tweets, 'user_screen_name')[0]).toBe(userids[0])
    expect(column(a.tweets, 'retweet_userid')[1]).toBe(userids[0])
    expect(column(a.tweets, 'in_reply_to_userid')[2]).toBe(userids[0])
    expect(column(a.tweets, 'tweet_text')[0]).toBe(`vote early @${userids[0]} and @BigNews`)
    expect(column(a.tweets, 'tweet_text')[2]).toBe(`agreed, ${userids[0]}! see x.com/${userids[1]} #vote`)
    expect(column(a.tweets, 'hashtags')[2]).toBe("['vote']")
    expect(column(a.tweets, 'user_mentions')[0]).toBe(`['${userids[0]}', 'BigNews']`)
    expect(column(a.users, 'userid')).toContain(userids[0])
    expect(a).toMatchObject({ hashedAccounts: 2, keptAccounts: 1 })
  })

  it('is stable within a release and differs between releases', () => {
    expect(build(1)).toEqual(build(1))
    const one = column(build(1).tweets, 'userid')
    const two = column(build(2).tweets, 'userid')
    expect(one[0]).not.toBe(two[0])
    expect(one[2]).toBe(two[2])
  })

  it('hashes every account when the dump has no follower counts, and follows a configured threshold', () => {
    const bare = posts.map(({ followers: _, ...p }) => p)
    expect(column(build(1, { posts: bare }).tweets, 'userid').every((u) => /^[0-9a-f]{64}$/.test(u as string))).toBe(true)
    expect(column(build(1, { threshold: 4_999 }).tweets, 'userid')).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      '222',
      '333',
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ])
  })

  it('refuses an empty selection and a short secret', () => {
    expect(() => build(1, { members: ['999'] })).toThrow(VigilError)
    expect(() => build(1, { members: [] })).toThrow(/selection is empty/)
    expect(() => build(1, { secret: new Uint8Array(8) })).toThrow(/32 bytes/)
  })
})
