import { describe, expect, it } from 'vitest'
import { readIngestLines } from './ingest-lines.js'

describe('readIngestLines', () => {
  it('reads posts with the generic fields and reports each bad line by number, keeping the good ones', () => {
    const body = [
      JSON.stringify({
        account: 'a1',
        post: 'p1',
        time: '2024-05-01T10:00:00Z',
        text: 'Vote  NOW #Polls https://Example.com/x?utm_source=t @Someone',
        hashtag: ['Polls'],
        image_hash: 'ff00',
      }),
      '',
      'not json',
      '[1,2]',
      JSON.stringify({ account: 'a2', time: 1714557600 }),
      JSON.stringify({ post: 'p3', time: 1714557600 }),
      JSON.stringify({ account: 'a4', post: 4, time: 'yesterday' }),
      JSON.stringify({
        account: 'a5',
        post: 5,
        time: 1714557600123,
        reshare_of: 'p1',
        reply_to: 'p0',
        url: ['https://a.example/', 'https://b.example/'],
      }),
    ].join('\n')
    const { posts, bad } = readIngestLines(body)
    expect(bad).toEqual([
      { line: 3, reason: 'not JSON' },
      { line: 4, reason: 'not a JSON object' },
      { line: 5, reason: 'no post id' },
      { line: 6, reason: 'no account' },
      { line: 7, reason: 'unreadable time: yesterday' },
    ])
    expect(posts).toHaveLength(2)
    expect(posts[0]).toMatchObject({
      account: 'a1',
      post: 'p1',
      time: Date.UTC(2024, 4, 1, 10),
      reshare: false,
      hashtags: ['polls'],
      images: ['ff00'],
      mentions: ['someone'],
      domains: ['example.com'],
    })
    expect(posts[1]).toMatchObject({
      account: 'a5',
      post: '5',
      time: 1714557600123,
      reshare: true,
      reshared: ['p1'],
      replyTo: ['p0'],
      domains: ['a.example', 'b.example'],
    })
  })
})
