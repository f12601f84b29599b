import type { DisclosureEvidence, ProposedTechnique, RedactedPost, Tlp } from '@vigil/contracts'
import { VIGIL_ID_NAMESPACE } from '../exchange/network-bundle.js'
import { uuidV5 } from '../exchange/sco-id.js'
import { TLP2_MARKING_IDS } from '../exchange/tlp.js'

/** What the public report is made of: the disclosure's words, its evidence and its redacted samples. */
export interface DisclosureReportInput {
  readonly id: string
  readonly title: string
  readonly summary: string
  readonly origin: string
  readonly targets: readonly string[]
  readonly surfaces: readonly string[]
  readonly techniques: readonly ProposedTechnique[]
  readonly notes: string
  readonly evidence: DisclosureEvidence
  readonly samples: readonly RedactedPost[]
  /** Set once published; a preview says it is a draft. */
  readonly publishedAt: Date | null
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
const num = (n: number) => n.toLocaleString('en-GB')
const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : 'unknown')

function reachText(e: DisclosureEvidence): string {
  if (e.reach.followers === null) return 'unknown (the data gives no follower counts)'
  const partial =
    e.reach.accountsCounted < e.accounts
      ? ` (${num(e.reach.accountsCounted)} of ${num(e.accounts)} accounts counted; unknown for the others)`
      : ''
  return `${num(e.reach.followers)} followers${partial}`
}

function surfacesOf(input: DisclosureReportInput): string {
  return (input.surfaces.length > 0 ? input.surfaces : Object.keys(input.evidence.accountsBySurface)).join(', ')
}

/** The report's facts about the network, in the HTML's facts table and the Markdown's alike. */
function factRows(input: DisclosureReportInput): [string, string][] {
  const e = input.evidence
  return [
    ['Origin', input.origin || 'unknown'],
    ['Targets', input.targets.join(', ') || 'unknown'],
    ['Surfaces', surfacesOf(input)],
    ['Accounts', num(e.accounts)],
    ['Posts', num(e.posts)],
    ['Active', `${day(e.firstAt)} to ${day(e.lastAt)}`],
    ['Reach', reachText(e)],
  ]
}

/**
 * The posts per day as an SVG bar chart, drawn in the document (no script, no external file).
 *
 * @example
 * timelineSvg([{ day: '2016-10-01', posts: 3 }])
 */
export function timelineSvg(perDay: DisclosureEvidence['postsPerDay']): string {
  const width = 640
  const height = 160
  const pad = { left: 40, right: 8, top: 10, bottom: 28 }
  const max = Math.max(1, ...perDay.map((d) => d.posts))
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const barW = perDay.length > 0 ? plotW / perDay.length : plotW
  const bars = perDay
    .map((d, i) => {
      const h = (d.posts / max) * plotH
      const x = pad.left + i * barW
      return `<rect x="${x.toFixed(2)}" y="${(pad.top + plotH - h).toFixed(2)}" width="${Math.max(0.5, barW - 1).toFixed(2)}" height="${h.toFixed(2)}"><title>${d.day}: ${d.posts} posts</title></rect>`
    })
    .join('')
  const first = perDay[0]?.day ?? ''
  const last = perDay[perDay.length - 1]?.day ?? ''
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="Posts per day, ${first} to ${last}, at most ${max} a day">`,
    `<g fill="#37474f">${bars}</g>`,
    `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#000" stroke-width="1"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end" font-size="10">${max}</text>`,
    `<text x="${pad.left - 4}" y="${pad.top + plotH}" text-anchor="end" font-size="10">0</text>`,
    `<text x="${pad.left}" y="${height - 8}" font-size="10">${first}</text>`,
    `<text x="${width - pad.right}" y="${height - 8}" text-anchor="end" font-size="10">${last}</text>`,
    '</svg>',
  ].join('')
}

const STYLE = `
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #999; margin-top: 1.6rem; }
.meta { color: #444; font-size: .9rem; } .draft { border: 2px solid #b71c1c; color: #b71c1c; padding: .3rem .6rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; } th, td { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } figure { margin: 1rem 0; } svg { width: 100%; height: auto; }
blockquote { margin: .6rem 0; padding: .4rem .8rem; border-left: 3px solid #777; background: #f5f5f5; overflow-wrap: anywhere; }
@page { size: auto; margin: 16mm 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; } table, figure, blockquote { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}`

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  if (rows.length === 0) return '<p>None.</p>'
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')
  const tr = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('')
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`
}

/** Facts as a table of rows, each headed by its name. */
function facts(rows: readonly (readonly [string, string])[]): string {
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`
}

function paragraphs(text: string): string {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
  return parts.length > 0 ? parts.map((p) => `<p>${esc(p)}</p>`).join('') : '<p>None given.</p>'
}

/**
 * The public report as one self-contained HTML page: no script, no external file, a print
 * stylesheet that fits both A4 and Letter.
 *
 * @example
 * renderDisclosureHtml(input).startsWith('<!doctype html>') // true
 */
export function renderDisclosureHtml(input: DisclosureReportInput): string {
  const e = input.evidence
  const sections = [
    `<h1>${esc(input.title)}</h1>`,
    input.publishedAt
      ? `<p class="meta">Published ${esc(input.publishedAt.toISOString().slice(0, 10))}</p>`
      : '<p class="draft">Draft: not published</p>',
    '<h2>Summary</h2>',
    paragraphs(input.summary),
    '<h2>What was found</h2>',
    facts(factRows(input)),
    '<h2>Accounts by surface</h2>',
    table(
      ['Surface', 'Accounts'],
      Object.entries(e.accountsBySurface).map(([s, n]) => [s, num(n)]),
      [1],
    ),
    '<h2>Activity</h2>',
    `<figure>${timelineSvg(e.postsPerDay)}<figcaption>Posts per day (UTC), ${esc(day(e.firstAt))} to ${esc(day(e.lastAt))}.</figcaption></figure>`,
    '<h2>Most shared</h2>',
    '<h3>Domains</h3>',
    table(
      ['Domain', 'Posts'],
      e.topDomains.map((d) => [d.value, num(d.count)]),
      [1],
    ),
    '<h3>Hashtags</h3>',
    table(
      ['Hashtag', 'Posts'],
      e.topHashtags.map((d) => [d.value, num(d.count)]),
      [1],
    ),
    '<h3>Links</h3>',
    table(
      ['Link', 'Posts'],
      e.topLinks.map((d) => [d.value, num(d.count)]),
      [1],
    ),
    '<h2>How it was found</h2>',
    paragraphs(input.notes),
    `<p>Signals: ${esc(e.signals.join(', '))}.</p>`,
    table(
      ['Network', 'Accounts', 'Score', 'Time tightness', 'Density', 'Coordinated share', 'Signal agreement'],
      e.networks.map((n) => [
        n.id,
        num(n.members),
        n.score.score.toFixed(2),
        n.score.timeTightness.toFixed(2),
        n.score.density.toFixed(2),
        n.score.coordinatedShare.toFixed(2),
        n.score.signalAgreement.toFixed(2),
      ]),
      [1, 2, 3, 4, 5, 6],
    ),
    '<h2>Techniques (DISARM)</h2>',
    table(
      ['Id', 'Technique'],
      input.techniques.map((t) => [t.disarmId, t.name]),
    ),
    '<h2>Sample posts</h2>',
    input.samples.length > 0
      ? input.samples
          .map(
            (s) =>
              `<blockquote><p>${esc(s.text)}</p><footer>${esc(s.author)}, ${esc(s.time.slice(0, 16).replace('T', ' '))} UTC</footer></blockquote>`,
          )
          .join('')
      : '<p>None chosen.</p>',
    '<p class="meta">Accounts with fewer followers than the threshold, or whose follower count is unknown, are named by a keyed hash; links lose their query strings; e-mail addresses and phone numbers are removed.</p>',
  ]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)}</title><style>${STYLE}</style></head>
<body><main>${sections.join('\n')}</main></body></html>
`
}

/**
 * What the public address of a withdrawn publication shows instead of the report: that it was
 * withdrawn, when, and why; nothing of its content.
 *
 * @example
 * renderWithdrawnNotice({ reason: 'misattributed', withdrawnAt: new Date() }).html
 */
export function renderWithdrawnNotice(notice: { readonly reason: string; readonly withdrawnAt: Date }): {
  html: string
  markdown: string
} {
  const on = notice.withdrawnAt.toISOString().slice(0, 10)
  return {
    html: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Disclosure withdrawn</title><style>${STYLE}</style></head>
<body><main><h1>This disclosure was withdrawn</h1>
<p class="meta">Withdrawn on <time datetime="${esc(notice.withdrawnAt.toISOString())}">${esc(on)}</time>.</p>
<h2>Reason</h2>${paragraphs(notice.reason)}</main></body></html>
`,
    markdown: `# This disclosure was withdrawn\n\nWithdrawn on ${on}.\n\n## Reason\n\n${notice.reason}\n`,
  }
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return 'None.'
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n')
}

/**
 * The public report as Markdown, with the same sections as the HTML (the timeline as a table).
 *
 * @example
 * renderDisclosureMarkdown(input).startsWith('# ') // true
 */
export function renderDisclosureMarkdown(input: DisclosureReportInput): string {
  const e = input.evidence
  const quote = (t: string) =>
    t
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n')
  return [
    `# ${input.title}`,
    input.publishedAt ? `Published ${input.publishedAt.toISOString().slice(0, 10)}` : '**Draft: not published**',
    '## Summary',
    input.summary || 'None given.',
    '## What was found',
    mdTable(['Fact', 'Value'], factRows(input)),
    '## Accounts by surface',
    mdTable(
      ['Surface', 'Accounts'],
      Object.entries(e.accountsBySurface).map(([s, n]) => [s, num(n)]),
    ),
    '## Activity',
    mdTable(
      ['Day (UTC)', 'Posts'],
      e.postsPerDay.map((d) => [d.day, String(d.posts)]),
    ),
    '## Most shared',
    '### Domains',
    mdTable(
      ['Domain', 'Posts'],
      e.topDomains.map((d) => [d.value, num(d.count)]),
    ),
    '### Hashtags',
    mdTable(
      ['Hashtag', 'Posts'],
      e.topHashtags.map((d) => [d.value, num(d.count)]),
    ),
    '### Links',
    mdTable(
      ['Link', 'Posts'],
      e.topLinks.map((d) => [d.value, num(d.count)]),
    ),
    '## How it was found',
    input.notes || 'None given.',
    `Signals: ${e.signals.join(', ')}.`,
    mdTable(
      ['Network', 'Accounts', 'Score'],
      e.networks.map((n) => [n.id, num(n.members), n.score.score.toFixed(2)]),
    ),
    '## Techniques (DISARM)',
    mdTable(
      ['Id', 'Technique'],
      input.techniques.map((t) => [t.disarmId, t.name]),
    ),
    '## Sample posts',
    input.samples.length > 0
      ? input.samples.map((s) => `${quote(s.text)}\n>\n> — ${s.author}, ${s.time.slice(0, 16).replace('T', ' ')} UTC`).join('\n\n')
      : 'None chosen.',
    '',
  ].join('\n\n')
}

/** The STIX id of a disclosure's report: the same for every version of it. */
export function disclosureReportId(disclosureId: string): string {
  return `report--${uuidV5(VIGIL_ID_NAMESPACE, `disclosure\n${disclosureId}`)}`
}

/**
 * The disclosure as a STIX 2.1 `report` that refers to the networks' STIX objects, marked
 * with the chosen TLP. The redacted samples and the evidence are in its description
 * (Markdown); nothing else leaves the organisation.
 *
 * @example
 * disclosureStixReport(input, { tlp: 'green', objectRefs: ['grouping--…'], now })
 */
export function disclosureStixReport(
  input: DisclosureReportInput,
  options: { readonly tlp: Tlp; readonly objectRefs: readonly string[]; readonly now: Date },
): Record<string, unknown> & { id: string } {
  const stamp = options.now.toISOString()
  return {
    type: 'report',
    spec_version: '2.1',
    id: disclosureReportId(input.id),
    created: stamp,
    modified: stamp,
    name: input.title,
    description: renderDisclosureMarkdown(input),
    report_types: ['campaign', 'threat-actor'],
    published: (input.publishedAt ?? options.now).toISOString(),
    object_refs: [...options.objectRefs],
    object_marking_refs: [TLP2_MARKING_IDS[options.tlp]],
    labels: ['disclosure', ...input.techniques.map((t) => t.disarmId.toLowerCase())],
  }
}
