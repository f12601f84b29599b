import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { NetworksFile } from '@vigil/contracts'
import type { AccountActivity, SignalEdge } from '@vigil/core'
import { toCsv } from '../shared/csv.js'
import { renderReport } from './render-report.js'

/** What the outputs are made of: the networks, the kept edges and each flagged account's activity. */
export interface DetectOutputsInput {
  readonly networks: NetworksFile
  readonly edges: readonly Pick<SignalEdge, 'signal' | 'a' | 'b' | 'weight'>[]
  readonly activity: ReadonlyMap<string, AccountActivity>
}

/** One output file: its path under the output directory and its content. */
export interface DetectOutputFile {
  readonly path: string
  readonly content: string
}

/**
 * A run's outputs: `networks.json`, `edges/<signal>.csv` (`account_a,account_b,weight`,
 * `account_a < account_b`, sorted), `accounts.csv` (one row per account in a network) and
 * the offline `report.html`. The CLI writes them to a directory, the server zips them.
 */
export function renderDetectOutputs(detection: DetectOutputsInput): DetectOutputFile[] {
  const file: NetworksFile = detection.networks
  const out: DetectOutputFile[] = [{ path: 'networks.json', content: `${JSON.stringify(file, null, 2)}\n` }]
  for (const signal of file.run.signals) {
    const rows = detection.edges
      .filter((e) => e.signal === signal)
      .map((e): [string, string, number] => (e.a < e.b ? [e.a, e.b, e.weight] : [e.b, e.a, e.weight]))
      .sort(([a1, b1], [a2, b2]) => (a1 < a2 ? -1 : a1 > a2 ? 1 : b1 < b2 ? -1 : b1 > b2 ? 1 : 0))
    out.push({ path: `edges/${signal}.csv`, content: toCsv([['account_a', 'account_b', 'weight'], ...rows]) })
  }
  const accountRows: (string | number)[][] = []
  for (const network of file.networks) {
    const signalsOf = new Map<string, Set<string>>()
    for (const e of network.edges) {
      for (const account of [e.a, e.b]) {
        const set = signalsOf.get(account) ?? new Set<string>()
        for (const s of Object.keys(e.signals)) set.add(s)
        signalsOf.set(account, set)
      }
    }
    for (const account of network.members) {
      const activity = detection.activity.get(account)
      accountRows.push([
        account,
        network.id,
        network.score.score,
        [...(signalsOf.get(account) ?? [])].sort().join(';'),
        activity?.posts ?? 0,
        activity?.coordinatedPosts ?? 0,
      ])
    }
  }
  out.push({
    path: 'accounts.csv',
    content: toCsv([['account', 'network', 'score', 'signals', 'posts', 'coordinated_posts'], ...accountRows]),
  })
  out.push({ path: 'report.html', content: renderReport(file, new Map([...detection.activity].map(([a, v]) => [a, v.posts]))) })
  return out
}

/** The paths `writeDetectOutputs` wrote. */
export interface DetectOutputPaths {
  readonly networks: string
  readonly accounts: string
  readonly report: string
  readonly edges: readonly string[]
}

/**
 * Writes a run's outputs ({@link renderDetectOutputs}) into `dir`: all of them into a
 * staging directory inside it first, then each moved into place, so a full disk leaves
 * the earlier outputs as they were and no half-written file.
 */
export async function writeDetectOutputs(dir: string, detection: DetectOutputsInput): Promise<DetectOutputPaths> {
  await mkdir(join(dir, 'edges'), { recursive: true })
  const files = renderDetectOutputs(detection)
  const staging = await mkdtemp(join(dir, '.vigil-out-'))
  try {
    for (const f of files) {
      await mkdir(dirname(join(staging, f.path)), { recursive: true })
      await writeFile(join(staging, f.path), f.content)
    }
    for (const f of files) await rename(join(staging, f.path), join(dir, f.path))
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return {
    networks: join(dir, 'networks.json'),
    accounts: join(dir, 'accounts.csv'),
    report: join(dir, 'report.html'),
    edges: files.filter((f) => f.path.startsWith('edges/')).map((f) => join(dir, f.path)),
  }
}
