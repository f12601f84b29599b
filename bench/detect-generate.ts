// Seeded synthetic social-media dumps with planted coordinated networks, for the detect
// benchmark and the planted-network test. Run alone to write one:
//   node --import tsx bench/detect-generate.ts 1000000 /tmp/dump-1m.csv [seed]

import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rename } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { mulberry32, parseFieldMap } from '@vigil/core'

/** The --map that reads a generated dump. */
export const GENERATED_MAP = 'post=id,account=account,time=ts,text=text,url=url,hashtag=hashtag,mention=mention,reshare_of=reshare_of'

/** The detection the planted-network test and the quality bench run on a generated dump (with a `repeat`). */
export const GENERATED_DETECTION = {
  map: parseFieldMap(GENERATED_MAP),
  window: 60,
  minRepeat: 2,
  weight: 'objects',
  similarity: 0.8,
  strict: false,
} as const

export interface GenerateOptions {
  readonly posts: number
  readonly seed: number
  /** Days the background activity spreads over. */
  readonly days?: number
}

export interface GeneratedDump {
  readonly posts: number
  /** The planted networks' members (account ids), each sorted. */
  readonly planted: string[][]
}

const KINDS = ['reshare', 'link', 'hashtag', 'text', 'mention'] as const
// Each burst of a network pushes another kind of object, as real operations vary what they
// push: no object kind (and no link domain) repeats, so no signal alone sees a repeat.
const EVENTS_PER_NETWORK = KINDS.length

/**
 * Writes a CSV of `posts` posts: background accounts posting at random times (skewed
 * popularity of links, hashtags, mentions and reshared posts, random-word texts) and, on
 * top, planted networks whose 5–12 members post the same object within 30 s, five times,
 * each time an object of another kind (a reshare, a link, a hashtag, a near-identical text,
 * a mention, in an order that differs from network to network).
 */
export async function generateDump(path: string, options: GenerateOptions): Promise<GeneratedDump> {
  const random = mulberry32(options.seed)
  const pick = (n: number, skew = 1) => Math.floor(n * random() ** skew)
  const span = (options.days ?? 30) * 86_400
  const start = 1_700_000_000
  const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`)
  const words = (n: number) => Array.from({ length: n }, () => vocabulary[pick(vocabulary.length)]).join(' ')
  const networks = Math.max(5, Math.round(options.posts / 20_000))
  const plantedPosts = networks * 9 * EVENTS_PER_NETWORK
  const background = Math.max(0, options.posts - plantedPosts)
  const accounts = Math.max(100, Math.round(background / 20))
  // Written beside the path and renamed at the end: a run stopped half-way (the 100 M dump
  // takes long on a loaded machine) leaves no file the bench would take for a whole dump.
  const partial = `${path}.partial`
  const out = createWriteStream(partial)
  let buffer = 'id,account,ts,text,url,hashtag,mention,reshare_of\n'
  let written = 0
  const write = async (line: string) => {
    buffer += line
    written++
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain')
      buffer = ''
    }
  }
  const planted: string[][] = []
  for (let n = 0; n < networks; n++) {
    const size = 5 + pick(8)
    const members = Array.from({ length: size }, (_, i) => `net${n}_${i}`)
    planted.push([...members].sort())
    for (let e = 0; e < EVENTS_PER_NETWORK; e++) {
      const kind = KINDS[(n + e) % KINDS.length]
      const t = start + pick(span)
      const text = words(12)
      for (const [i, m] of members.entries()) {
        const ts = t + pick(30)
        const id = `p${n}_${e}_${i}`
        if (kind === 'reshare') await write(`${id},${m},${ts},,,,,src_net${n}_${e}\n`)
        else if (kind === 'link') await write(`${id},${m},${ts},${words(8)},https://news${n}x${e}.example/story?utm_source=m${i},,,\n`)
        else if (kind === 'hashtag') await write(`${id},${m},${ts},${words(8)},,#Camp${n}x${e},,\n`)
        else if (kind === 'mention') await write(`${id},${m},${ts},${words(8)},,,@target${n}_${e},\n`)
        else await write(`${id},${m},${ts},${i % 2 === 0 ? text : `${text} ok`},,,,\n`)
      }
    }
  }
  for (let p = 0; p < background; p++) {
    const account = `u${pick(accounts)}`
    const ts = start + pick(span)
    if (random() < 0.2) {
      await write(`b${p},${account},${ts},,,,,src${pick(background / 50 + 1, 3)}\n`)
      continue
    }
    const url = random() < 0.3 ? `https://site${pick(500, 2)}.example/a/${pick(background / 10 + 1, 3)}` : ''
    const tag = random() < 0.4 ? `#tag${pick(2000, 2)}` : ''
    const mention = random() < 0.2 ? `@user${pick(5000, 2)}` : ''
    await write(`b${p},${account},${ts},${words(8 + pick(8))},${url},${tag},${mention},\n`)
  }
  out.end(buffer)
  await once(out, 'finish')
  await rename(partial, path)
  return { posts: written, planted }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [posts, path, seed] = process.argv.slice(2)
  if (!posts || !path) {
    console.error('usage: detect-generate.ts POSTS PATH [SEED]')
    process.exit(2)
  }
  const dump = await generateDump(path, { posts: Number(posts), seed: Number(seed ?? 1) })
  console.log(`${dump.posts} posts, ${dump.planted.length} planted networks → ${path}`)
}
