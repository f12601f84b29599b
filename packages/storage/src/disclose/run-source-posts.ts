import { access } from 'node:fs/promises'
import type { DisclosureSource, MappableField } from '@vigil/contracts'
import { type DetectStore, type DetectUser, type DisclosureDeps, type DisclosurePost, detectFormat, VigilError } from '@vigil/core'
import { storedDumpPath } from '../detect/dump-files.js'
import { inputKind, readHeader } from '../detect/read-header.js'
import { readArchivePosts } from './read-archive-posts.js'

type FieldMap = Partial<Record<MappableField, string>>
type RunSource = Extract<DisclosureSource, { kind: 'run' }>

/**
 * The run's `--map`, or, for a recognised format, its columns with the author's screen name
 * and followers where the header has them (detection itself does not read them for every format).
 */
async function mapFor(path: string, map: FieldMap | undefined): Promise<FieldMap | undefined> {
  if (map) return map
  if (inputKind(path) === 'parquet') return undefined
  const header = await readHeader(path, inputKind(path))
  const spec = detectFormat(header)
  const taken: FieldMap = Object.fromEntries(
    Object.entries(spec.fields)
      .map(([f, cols]) => [f, cols?.[0]] as const)
      .filter((e): e is readonly [string, string] => e[1] !== undefined),
  )
  const extra: FieldMap = {}
  if (!taken.followers && header.includes('followers')) extra.followers = 'followers'
  if (!taken.account_name && taken.account && spec.format !== 'generic') extra.account_name = taken.account
  return Object.keys(extra).length > 0 ? { ...taken, ...extra } : undefined
}

/**
 * `DisclosureDeps.sourcePosts` over server runs: the run's stored dumps read as `vigil detect`
 * reads them, the members' posts and every screen name's latest follower count.
 *
 * @throws VigilError `CONFLICT` when the run's dumps are no longer kept (they are deleted
 * once no run needs them)
 */
export function runSourcePosts(
  getRun: DetectStore['getRun'],
  uploadsDir: string,
): (actor: DetectUser, source: RunSource, accounts: ReadonlySet<string>) => ReturnType<DisclosureDeps['sourcePosts']> {
  return async (actor, source, accounts) => {
    const run = await getRun(actor, source.runId)
    const paths = run.files.map((f) => storedDumpPath(uploadsDir, f))
    for (const p of paths) {
      await access(p).catch(() => {
        throw new VigilError('CONFLICT', "the run's dump is no longer kept on the server; run the detection again to disclose from it")
      })
    }
    const all = []
    for (const p of paths) all.push(...(await readArchivePosts([p], await mapFor(p, run.params.map))))
    const handles = new Map<string, { at: number; followers: number | null }>()
    const posts: DisclosurePost[] = []
    for (const p of all) {
      const t = p.time.getTime()
      if (p.screenName) {
        const key = p.screenName.toLowerCase()
        const seen = handles.get(key)
        if (!seen || t >= seen.at) handles.set(key, { at: t, followers: p.followers ?? seen?.followers ?? null })
      }
      if (accounts.has(p.account))
        posts.push({
          post: p.post,
          account: p.account,
          time: p.time,
          text: p.text ?? '',
          screenName: p.screenName ?? null,
          followers: p.followers ?? null,
        })
    }
    return { posts, handles: new Map([...handles].map(([h, v]) => [h, v.followers])) }
  }
}
