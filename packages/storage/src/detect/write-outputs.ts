import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { NetworksFile } from '@vigil/contracts'
import { renderReport } from '@vigil/core'
import type { Detection } from './run-detection.js'

/** A CSV field, quoted when it must be. */
function csvField(value: string | number): string {
  const s = String(value)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

function csvLine(values: readonly (string | number)[]): string {
  return `${values.map(csvField).join(',')}\n`
}

/** The paths `writeDetectOutputs` wrote. */
export interface DetectOutputPaths {
  readonly networks: string
  readonly accounts: string
  readonly report: string
  readonly edges: readonly string[]
}

/**
 * Writes a run's outputs into `dir`: `networks.json`, `edges/<signal>.csv`
 * (`account_a,account_b,weight`, `account_a < account_b`, sorted), `accounts.csv` (one row
 * per account in a network) and the offline `report.html`.
 */
export async function writeDetectOutputs(dir: string, detection: Detection): Promise<DetectOutputPaths> {
  const file: NetworksFile = detection.networks
  await mkdir(join(dir, 'edges'), { recursive: true })
  const networksPath = join(dir, 'networks.json')
  await writeFile(networksPath, `${JSON.stringify(file, null, 2)}\n`)
  const edgePaths: string[] = []
  for (const signal of file.run.signals) {
    const rows = detection.edges
      .filter((e) => e.signal === signal)
      .map((e): [string, string, number] => (e.a < e.b ? [e.a, e.b, e.weight] : [e.b, e.a, e.weight]))
      .sort(([a1, b1], [a2, b2]) => (a1 < a2 ? -1 : a1 > a2 ? 1 : b1 < b2 ? -1 : b1 > b2 ? 1 : 0))
    const path = join(dir, 'edges', `${signal}.csv`)
    await writeFile(path, `account_a,account_b,weight\n${rows.map((r) => csvLine(r)).join('')}`)
    edgePaths.push(path)
  }
  const accountLines: string[] = []
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
      accountLines.push(
        csvLine([
          account,
          network.id,
          network.score.score,
          [...(signalsOf.get(account) ?? [])].sort().join(';'),
          activity?.posts ?? 0,
          activity?.coordinatedPosts ?? 0,
        ]),
      )
    }
  }
  const accountsPath = join(dir, 'accounts.csv')
  await writeFile(accountsPath, `account,network,score,signals,posts,coordinated_posts\n${accountLines.join('')}`)
  const reportPath = join(dir, 'report.html')
  await writeFile(reportPath, renderReport(file))
  return { networks: networksPath, accounts: accountsPath, report: reportPath, edges: edgePaths }
}
