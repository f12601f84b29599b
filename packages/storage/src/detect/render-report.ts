import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type NetworksFile, ReportData } from '@vigil/contracts'
import { VigilError } from '@vigil/core'

const MAX_NETWORKS_IN_REPORT = 100

// The report's page is the web package's report app (`packages/web/src/report/`), built by
// `npm run build` (its second Vite entry) into one script with its CSS. The path is the same
// from src/ (tests) and dist/ (the CLI), as the server finds the web UI's dist.
const ASSET = fileURLToPath(new URL('../../../web/dist/report/vigil-report.js', import.meta.url))
let script: string | undefined

function reportScript(): string {
  if (script === undefined) {
    try {
      // `</script` cannot occur in minified code outside strings, where `<\/` means the same.
      script = readFileSync(ASSET, 'utf8').replaceAll('</script', '<\\/script')
    } catch (error) {
      throw new VigilError(
        'INTERNAL',
        `report.html needs the web package's report app: run \`npm run build\` (${ASSET} is missing)`,
        {},
        { cause: error },
      )
    }
  }
  return script
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * A self-contained HTML report of a detection run: the run's parameters, a graph of its
 * networks drawn as the web UI draws them (sigma, the same layout), the list of networks and
 * the chosen one's graph, evidence and links. The page's script, styles and data are inline,
 * and its Content-Security-Policy forbids any request, so it opens offline.
 *
 * @example
 * writeFileSync('report.html', renderReport(networksFile, postsByAccount))
 */
export function renderReport(file: NetworksFile, posts: ReadonlyMap<string, number> = new Map()): string {
  const networks = file.networks.slice(0, MAX_NETWORKS_IN_REPORT)
  const title = `Vigil detect: ${file.networks.length} network(s) in ${file.run.posts} posts`
  const postsOf: Record<string, number> = {}
  for (const n of networks) for (const m of n.members) postsOf[m] = posts.get(m) ?? 0
  const data = ReportData.parse({
    title,
    run: file.run,
    edges: file.edges,
    ...(file.labelMetrics ? { labelMetrics: file.labelMetrics } : {}),
    networkCount: file.networks.length,
    networks,
    posts: postsOf,
  })
  // `<` escaped so no account name or text can close the script element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:">
</head><body><div id="root"><noscript><p>${escapeHtml(title)}. This report needs JavaScript; networks.json holds the same data.</p></noscript></div>
<script id="vigil-report-data" type="application/json">${json}</script>
<script>${reportScript()}</script>
</body></html>
`
}
