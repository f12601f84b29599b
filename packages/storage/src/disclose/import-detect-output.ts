import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { type DetectParams, type MappableField, NetworksFile, type UserId } from '@vigil/contracts'
import { type Actor, can, triageNetwork, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { createDetectRunStore } from '../detect/detect-run-store.js'
import { createDetectStore } from '../detect/detect-store.js'
import { saveDump } from '../detect/dump-files.js'
import type { Database } from '../postgres/database-schema.js'
import { parseCsv } from '../shared/csv.js'

/** What `vigil detect --out DIR` writes that an import reads: its networks and its accounts' activity. */
interface DetectOutput {
  readonly networks: NetworksFile
  readonly activity: ReadonlyMap<string, { posts: number; coordinatedPosts: number }>
}

const notDetectOutput = (dir: string, why: string) =>
  new VigilError('VALIDATION_FAILED', `${dir} is not a \`vigil detect\` output folder: ${why}`, { dir })

/**
 * Reads a `vigil detect` output folder: `networks.json` (validated by its schema), the
 * `edges/` folder and `accounts.csv` with its header.
 *
 * @throws VigilError `VALIDATION_FAILED` for a folder that is not one, saying what is missing
 */
export async function readDetectOutput(dir: string): Promise<DetectOutput> {
  const text = await readFile(join(dir, 'networks.json'), 'utf8').catch(() => {
    throw notDetectOutput(dir, 'it has no readable networks.json')
  })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw notDetectOutput(dir, 'its networks.json is not JSON')
  }
  const parsed = NetworksFile.safeParse(json)
  if (!parsed.success) throw notDetectOutput(dir, 'its networks.json is not a networks file of `vigil detect`')
  const edges = await stat(join(dir, 'edges')).catch(() => undefined)
  if (!edges?.isDirectory()) throw notDetectOutput(dir, 'it has no edges/ folder')
  const accounts = await readFile(join(dir, 'accounts.csv'), 'utf8').catch(() => {
    throw notDetectOutput(dir, 'it has no readable accounts.csv')
  })
  const [header = [], ...rows] = parseCsv(accounts)
  const col = (name: string) => header.indexOf(name)
  const [account, posts, coordinated] = [col('account'), col('posts'), col('coordinated_posts')]
  if (account < 0 || posts < 0 || coordinated < 0) throw notDetectOutput(dir, 'its accounts.csv lacks account, posts or coordinated_posts')
  const activity = new Map<string, { posts: number; coordinatedPosts: number }>()
  for (const r of rows) {
    const a = r[account]
    if (a) activity.set(a, { posts: Number(r[posts]) || 0, coordinatedPosts: Number(r[coordinated]) || 0 })
  }
  return { networks: parsed.data, activity }
}

/**
 * Imports a `vigil detect` output folder and the dump(s) it read as a completed detection run
 * of the actor's organisation, so an analyst who ran detection offline can disclose its
 * networks as a server run's: the dumps are stored as uploads are, the networks and their
 * members' activity as the worker stores them, and the named networks are confirmed by the
 * actor (triage `confirmed`, audited) since disclosing them is the analyst's confirmation.
 *
 * Everything is checked before anything is written: the folder, the networks, the dumps.
 *
 * @throws VigilError `VALIDATION_FAILED` for a folder that is not a detect output or an
 * unreadable dump, `NOT_FOUND` for a network the folder does not have, `AUTH_FORBIDDEN`
 * without `detect:triage`
 */
export async function importDetectOutput(
  db: Kysely<Database>,
  input: {
    readonly actor: Actor & { kind: 'user' }
    readonly dir: string
    readonly dumps: readonly string[]
    readonly map?: Partial<Record<MappableField, string>>
    readonly networks: readonly string[]
    readonly uploadsDir: string
    readonly maxBytes: number
    readonly now: Date
  },
): Promise<{ readonly runId: string }> {
  const { actor, now } = input
  if (!can(actor, 'detect:triage'))
    throw new VigilError('AUTH_FORBIDDEN', 'only analysts confirm networks to disclose', { permission: 'detect:triage' })
  const output = await readDetectOutput(input.dir)
  const known = new Set(output.networks.networks.map((n) => n.id))
  const unknown = input.networks.find((n) => !known.has(n))
  if (unknown !== undefined)
    throw new VigilError('NOT_FOUND', `no network ${unknown} in ${input.dir} (it has: ${[...known].join(', ') || 'none'})`)
  if (input.dumps.length === 0) throw new VigilError('VALIDATION_FAILED', 'give the dump(s) the detection read with --input')
  for (const d of input.dumps) {
    const s = await stat(d).catch(() => undefined)
    if (!s?.isFile()) throw new VigilError('VALIDATION_FAILED', `${d}: no such dump file`)
  }
  const files = []
  for (const d of input.dumps) files.push(await saveDump(input.uploadsDir, basename(d), createReadStream(d), input.maxBytes))
  const run = output.networks.run
  const params: DetectParams = {
    signals: run.signals,
    window: run.window,
    minRepeat: run.minRepeat,
    weight: run.weight,
    repeat: run.repeat ?? 'per-signal',
    similarity: run.similarity,
    ...(input.map ? { map: input.map } : {}),
  }
  const store = createDetectRunStore(db)
  const runId = randomUUID()
  const worker = `import-${runId}`
  await store.createRun({ id: runId, orgId: actor.orgId, createdBy: actor.userId as UserId, files, params, now })
  if (!(await store.claimRun(runId, worker, now)))
    throw new VigilError('CONFLICT', 'the imported run was taken by a detection worker; import it again')
  await store.completeRun(runId, worker, { networks: output.networks, edges: [], activity: output.activity }, now)
  const clock = { now: () => now }
  const decisions = { store: createDetectStore(db, input.uploadsDir, clock), clock }
  for (const n of input.networks)
    await triageNetwork(decisions, actor, runId, n, { status: 'confirmed', note: `confirmed on disclosing it from ${basename(input.dir)}` })
  return { runId }
}
