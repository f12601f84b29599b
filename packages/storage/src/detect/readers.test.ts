import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { type DetectOptions, runDetection } from './run-detection.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-readers-'))
function fixture(name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}
const base = { window: 60, minRepeat: 1, weight: 'objects', similarity: 0.8, strict: false } as const
const detect = (files: string[], extra: Partial<DetectOptions> = {}) => runDetection({ ...base, files, ...extra })
const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => {
      throw new Error('expected a failure')
    },
    (err: Error) => err,
  )
const pairs = (r: Awaited<ReturnType<typeof runDetection>>) => r.edges.map((e) => `${e.signal}:${e.a}-${e.b}:${e.weight}`)

// The documented columns of the X/Twitter information-operations archive (DESIGN.md §1).
const X_HEADER =
  'tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,retweet_count,hashtags,urls,user_mentions,poll_choices'
const xRow = (id: string, user: string, text: string, time: string, rt: string, tags: string, urls: string) =>
  `${id},${user},Name,${user}_sn,,,,1,1,2015-01-01,en,en,"${text}",${time},web,,,,${rt ? 'True' : 'False'},,${rt},,,0,0,0,0,"${tags}","${urls}",[],`

// NBC News IRA tweets.csv columns; created_at in milliseconds.
const NBC_HEADER =
  'user_id,user_key,created_at,created_str,retweet_count,retweeted,favorite_count,text,tweet_id,source,hashtags,expanded_urls,posted,mentions,retweeted_status_id,in_reply_to_status_id'

// The FiveThirtyEight IRA CSV with its documented `M/D/YYYY H:MM` dates.
const IRA_HEADER =
  'external_author_id,author,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,account_type,retweet,account_category,new_june_2018,alt_external_id,tweet_id,article_url,tco1_step1,tco2_step1,tco3_step1'

describe('readers detected by header', () => {
  it('reads the X information-operations archive: bracketed lists, retweet ids, minute times', async () => {
    const file = fixture(
      'x.csv',
      [
        X_HEADER,
        xRow('1', 'u1', 'go #Vote', '2020-01-01 10:00', '', "['Vote']", "['https://Ex.com/a?utm_source=t']"),
        xRow('2', 'u2', 'go #vote', '2020-01-01 10:00', '', "['vote']", "['https://ex.com/a/']"),
        xRow('3', 'u1', 'RT', '2020-01-01 11:00', '99', '[]', '[]'),
        xRow('4', 'u2', 'RT', '2020-01-01 11:01', '99', '[]', '[]'),
      ].join('\n'),
    )
    const r = await detect([file], { signals: ['co-hashtag', 'co-link', 'co-reshare'] })
    expect(r.networks.run.format).toBe('x-io-archive')
    expect(pairs(r)).toEqual(['co-reshare:u1-u2:1', 'co-link:u1-u2:1', 'co-hashtag:u1-u2:1'])
    expect(r.networks.run.timeResolutionSeconds).toBe(60)
  })

  it('reads the NBC News IRA tweets.csv: millisecond times, JSON lists', async () => {
    const file = fixture(
      'nbc.csv',
      [
        NBC_HEADER,
        '10,troll_a,1478000000000,2016-11-01 11:33:20,0,,0,"#MAGA now",100,web,"[""MAGA""]","[]",POSTED,"[]",,',
        '11,troll_b,1478000030000,2016-11-01 11:33:50,0,,0,"#maga now",101,web,"[""maga""]","[]",POSTED,"[]",,',
        '12,troll_c,1478000090000,2016-11-01 11:34:50,0,,0,"#maga late",102,web,"[""maga""]","[]",POSTED,"[]",,',
      ].join('\n'),
    )
    const r = await detect([file], { signals: ['co-hashtag'] })
    expect(r.networks.run.format).toBe('nbc-ira')
    // troll_c is 60 s after troll_b (inclusive) but 90 s after troll_a.
    expect(pairs(r)).toEqual(['co-hashtag:10-11:1', 'co-hashtag:11-12:1'])
  })

  it('reads the FiveThirtyEight IRA CSV with M/D/YYYY H:MM dates, retweets by post_type', async () => {
    const row = (id: string, author: string, content: string, date: string, type: string) =>
      `${id},${author},"${content}",US,English,${date},${date},1,1,1,${type},Right,${type === 'RETWEET' ? 1 : 0},RightTroll,0,,${id}0,,,,`
    const file = fixture(
      'ira538.csv',
      [
        IRA_HEADER,
        row('1', 'a', 'Same words here', '10/1/2016 9:05', 'RETWEET'),
        row('2', 'b', 'same WORDS here', '10/1/2016 9:05', 'RETWEET'),
        row('3', 'c', 'Same words here', '10/1/2016 9:05', ''),
      ].join('\n'),
    )
    const r = await detect([file], { signals: ['co-reshare', 'co-text'] })
    expect(r.networks.run.format).toBe('ira-538')
    // a and b reshared the same text; c posted it as an original, which co-reshare ignores.
    expect(pairs(r)).toEqual(['co-reshare:1-2:1'])
  })

  it('reads generic NDJSON and Parquet with --map, gzip, and several files at once', async () => {
    const lines = [
      { u: 'x', t: '2024-05-01T10:00:00Z', tags: ['One', 'two'] },
      { u: 'y', t: '2024-05-01T10:00:30Z', tags: 'one,TWO' },
    ]
    const ndjson = fixture('a.ndjson.gz', gzipSync(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`))
    const map = { account: 'u', time: 't', hashtag: 'tags' } as const
    const r = await detect([ndjson], { map })
    expect(pairs(r)).toEqual(['co-hashtag:x-y:2'])

    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const parquet = join(dir, 'p.parquet')
    await connection.run(
      `COPY (SELECT * FROM (VALUES ('x', 1714557600, 'a b'), ('y', 1714557660, 'b')) v(u, t, tags)) TO '${parquet}' (FORMAT parquet)`,
    )
    connection.closeSync()
    const fromParquet = await detect([parquet], { map })
    expect(pairs(fromParquet)).toEqual(['co-hashtag:x-y:1'])

    const second = fixture('b.ndjson', `${JSON.stringify({ u: 'z', t: '1714557610', tags: ['one'] })}\n`)
    const both = await detect([ndjson, second], { map })
    expect(pairs(both)).toEqual(['co-hashtag:x-y:2', 'co-hashtag:x-z:1', 'co-hashtag:y-z:1'])
  })
})

describe('bad rows and malformed input', () => {
  const good = 'object_id,account_id,content_id,timestamp_share\nO1,A,a1,0\nO1,B,b1,10\n'

  it('counts rows it cannot read, with line numbers, and goes on', async () => {
    const file = fixture('bad-rows.csv', `${good}O1,C,c1,yesterday\nO1,D\nO1,,e1,5\nO1,E,e2,20\n`)
    const r = await detect([file])
    expect(r.networks.run.badRows).toBe(3)
    expect(r.networks.run.firstBadRows).toEqual([
      { file: 'bad-rows.csv', line: 4, reason: 'unreadable time: yesterday' },
      { file: 'bad-rows.csv', line: 5, reason: expect.stringContaining('Expected Number of Columns') },
      { file: 'bad-rows.csv', line: 6, reason: 'no account' },
    ])
    expect(pairs(r)).toEqual(['co-reshare:A-B:1', 'co-reshare:A-E:1', 'co-reshare:B-E:1'])
    await expect(detect([file], { strict: true })).rejects.toMatchObject({ code: 'DETECT_INPUT_INVALID' })
  })

  it('refuses a truncated gzip, a wrong header, unreadable times and an over-long line with one clear error', async () => {
    const gz = gzipSync(good.repeat(2000))
    const truncated = fixture('cut.csv.gz', gz.subarray(0, Math.floor(gz.length / 2)))
    await expect(detect([truncated])).rejects.toMatchObject({
      code: 'DETECT_INPUT_INVALID',
      message: expect.stringContaining('cut.csv.gz'),
    })
    const wrong = fixture('wrong.csv', 'foo,bar\n1,2\n')
    await expect(detect([wrong])).rejects.toMatchObject({ message: expect.stringContaining('unrecognised header') })
    const times = fixture('times.csv', 'object_id,account_id,content_id,timestamp_share\nO,A,a,never\nO,B,b,soon\n')
    // The first ten bad rows are listed, named by the file's name, never its local path.
    await expect(detect([times])).rejects.toMatchObject({
      message: 'no readable rows (2 bad rows; first: times.csv:2: unreadable time: never; times.csv:3: unreadable time: soon)',
    })
    const many = fixture('many.csv', `object_id,account_id,content_id,timestamp_share\n${'O,A,a,never\n'.repeat(30)}`)
    const error = await failure(detect([many]))
    expect(error.message).toMatch(/^no readable rows \(30 bad rows; first: many\.csv:2: unreadable time: never; /)
    expect(error.message.match(/many\.csv:\d+/g)).toEqual(Array.from({ length: 10 }, (_, i) => `many.csv:${i + 2}`))
    const named = await failure(detect([truncated], { names: ['uploaded.csv.gz'] }))
    expect(named.message).toMatch(/^uploaded\.csv\.gz: broken gzip/)
    expect(named.message).not.toContain(dir)
    const long = fixture('long.csv', `${good}O1,C,${'x'.repeat(9 << 20)},30\n`)
    await expect(detect([long])).rejects.toMatchObject({ message: expect.stringMatching(/line 4 is over/) })
    const noHeader = fixture('no-newline.csv', 'y'.repeat(2 << 20))
    await expect(detect([noHeader])).rejects.toMatchObject({ message: expect.stringContaining('not a header') })
  })

  it('names the input files by their names in networks.json, never by local paths', async () => {
    const file = fixture('named.csv', good)
    const byDefault = await detect([file])
    expect(byDefault.networks.run.files).toEqual(['named.csv'])
    const uploaded = await detect([file], { names: ['my dump.csv'] })
    expect(uploaded.networks.run.files).toEqual(['my dump.csv'])
    expect(JSON.stringify(uploaded.networks)).not.toContain(dir)
  })
})
