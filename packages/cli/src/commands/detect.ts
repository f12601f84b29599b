import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { DetectParams, DetectSummary, Tlp } from '@vigil/contracts'
import { parseFieldMap, parseInput, VigilError } from '@vigil/core'
import { DETECT_STAGES, runDetection, writeDetectOutputs, writeNetworkBundle } from '@vigil/storage'
import { SingleBar } from 'cli-progress'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'

/** The options commander hands to `vigil detect`, as strings where the user typed them. */
/** The options of `vigil detect` that are its detection parameters (shared with `vigil live feed create`). */
export type DetectParamOptions = Pick<DetectCommandOptions, 'signals' | 'window' | 'minRepeat' | 'weight' | 'repeat' | 'similarity'>

export interface DetectCommandOptions {
  readonly map?: string
  readonly signals?: string
  readonly window: string
  readonly minRepeat: string
  readonly weight: string
  readonly repeat: string
  readonly similarity: string
  readonly strict?: boolean
  readonly labels?: string
  readonly labelColumn?: string
  readonly accounts?: string
  readonly out: string
  readonly json?: boolean
  readonly stix?: boolean
  readonly tlp?: string
  readonly platform?: string
  readonly force?: boolean
}

/**
 * The detection parameters as typed, checked by the schema a server run's are (`DetectParams`),
 * so both accept the same windows, repeats and thresholds.
 */
export function parseDetectParams(options: DetectParamOptions): DetectParams {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text))
  const params = {
    ...(options.signals !== undefined ? { signals: options.signals.split(',').map((s) => s.trim()) } : {}),
    window: number(options.window),
    minRepeat: number(options.minRepeat),
    weight: options.weight,
    repeat: options.repeat,
    similarity: number(options.similarity),
  }
  return parseInput(DetectParams, params, { path: 'option' })
}

/** The names a `vigil detect` run writes into `--out`: a folder holding only these (and networks.json) is a previous run's. */
const OUTPUT_NAMES = new Set(['networks.json', 'accounts.csv', 'report.html', 'edges', 'bundle.json'])

/** Whether `dir` holds a previous detect output: networks.json of Vigil's (version 1, a run) and nothing but outputs. */
async function isPreviousOutput(dir: string, entries: readonly string[]): Promise<boolean> {
  if (!entries.includes('networks.json') || entries.some((e) => !OUTPUT_NAMES.has(e))) return false
  try {
    const file: unknown = JSON.parse(await readFile(join(dir, 'networks.json'), 'utf8'))
    return typeof file === 'object' && file !== null && 'version' in file && file.version === 1 && 'run' in file
  } catch {
    return false
  }
}

/**
 * Paths a person can mistype, refused in one line before any work: a folder as input, a
 * file as `--out`, an `--out` folder holding anything but a previous run's outputs (unless
 * `--force`). Returns whether `--out` exists (to be replaced).
 */
async function checkPaths(files: readonly string[], outDir: string, force: boolean): Promise<boolean> {
  for (const file of files) {
    if ((await stat(file).catch(() => undefined))?.isDirectory())
      throw new VigilError('DETECT_INPUT_INVALID', `${file}: is a directory; name the dump files in it`)
  }
  const out = await stat(outDir).then(
    (s) => (s.isDirectory() ? 'directory' : 'other'),
    (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? 'missing' : 'other'),
  )
  if (out === 'other') throw new VigilError('VALIDATION_FAILED', `--out ${outDir}: not a directory Vigil can write its outputs to`)
  if (out === 'missing') return false
  const entries = await readdir(outDir)
  if (entries.length > 0 && !force && !(await isPreviousOutput(outDir, entries))) {
    throw new VigilError(
      'VALIDATION_FAILED',
      `--out ${outDir}: holds files that are not a previous vigil detect output; name a new or empty folder, or pass --force to replace it`,
    )
  }
  return true
}

/** Moves the finished run from `staged` to `outDir`, replacing what was there; the old folder goes only once the new one is in place. */
async function moveIntoPlace(staged: string, outDir: string, exists: boolean): Promise<void> {
  if (!exists) return rename(staged, outDir)
  const old = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.vigil-old-`))
  await rename(outDir, join(old, 'out'))
  try {
    await rename(staged, outDir)
  } catch (err) {
    await rename(join(old, 'out'), outDir)
    throw err
  }
  await rm(old, { recursive: true, force: true })
}

/** `vigil detect FILE…`: finds coordinated networks and writes them to `--out`. */
export async function detect(io: CliIo, files: readonly string[], options: DetectCommandOptions): Promise<number> {
  const started = Date.now()
  const params = parseDetectParams(options)
  const tlp = Tlp.safeParse(options.tlp ?? 'amber')
  if (!tlp.success) throw new VigilError('VALIDATION_FAILED', `--tlp must be one of ${Tlp.options.join(', ')}`)
  const outDir = resolve(options.out)
  const outExists = await checkPaths(files, outDir, options.force === true)
  const bar = io.stderr.isTTY
    ? new SingleBar({
        stream: io.stderr,
        format: 'detect [{bar}] {stage} | {duration_formatted} elapsed, about {eta_formatted} left',
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 30,
        // Until the bar has moved there is no rate: cli-progress's INF and NULL read "?".
        formatTime: (t) => (typeof t === 'number' && Number.isFinite(t) ? duration(t) : '?'),
      })
    : undefined
  const progress = stageProgress(bar)
  // Every run is written to a fresh folder beside --out (DuckDB spills under it too) and
  // renamed into place once complete: a failed run leaves no partial output and the
  // previous one intact.
  const madeParent = await mkdir(dirname(outDir), { recursive: true })
  let done = false
  const staged = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.vigil-new-`))
  bar?.start(100, 0, { stage: 'starting' })
  try {
    const detection = await runDetection(
      {
        files: files.map((f) => resolve(f)),
        ...(options.map !== undefined ? { map: parseFieldMap(options.map) } : {}),
        ...(params.signals !== undefined ? { signals: params.signals } : {}),
        window: params.window,
        minRepeat: params.minRepeat,
        weight: params.weight,
        repeat: params.repeat,
        similarity: params.similarity,
        strict: options.strict === true,
        ...(options.labels !== undefined ? { labelsFile: resolve(options.labels) } : {}),
        ...(options.labelColumn !== undefined ? { labelColumn: options.labelColumn } : {}),
        ...(options.accounts !== undefined ? { accountsFile: resolve(options.accounts) } : {}),
        spillDir: staged,
        ...(bar ? { onProgress: progress.within } : {}),
      },
      progress.stage,
    )
    bar?.update(100, { stage: 'writing' })
    bar?.stop()
    await writeDetectOutputs(staged, detection)
    if (options.stix) {
      await writeNetworkBundle(staged, detection.networks, {
        now: new Date(),
        tlp: tlp.data,
        ...(options.platform !== undefined ? { platform: options.platform } : {}),
      })
    }
    await moveIntoPlace(staged, outDir, outExists)
    done = true
    const file = detection.networks
    const summary = DetectSummary.parse({
      run: file.run,
      outDir,
      edges: file.edges,
      networks: file.networks.map((n) => ({
        id: n.id,
        members: n.members.length,
        score: n.score.score,
        signals: n.signals,
        ...(n.purity !== undefined ? { purity: n.purity } : {}),
      })),
      flaggedAccounts: new Set(file.networks.flatMap((n) => n.members)).size,
      ...(file.labelMetrics ? { labelMetrics: file.labelMetrics } : {}),
      seconds: (Date.now() - started) / 1000,
    })
    if (options.json) writeLine(io.stdout, JSON.stringify(summary))
    else printSummary(io, summary)
    return 0
  } finally {
    bar?.stop()
    await rm(staged, { recursive: true, force: true })
    if (!done && madeParent) await rm(madeParent, { recursive: true, force: true })
  }
}

function printSummary(io: CliIo, s: DetectSummary): void {
  const r = s.run
  writeLine(io.stdout, `Read ${r.rows} rows (${r.format}): ${r.posts} posts by ${r.accounts} accounts; ${r.badRows} bad rows.`)
  for (const bad of r.firstBadRows) writeLine(io.stdout, `  bad row: ${bad.file}:${bad.line}: ${bad.reason}`)
  for (const w of r.warnings) writeLine(io.stdout, `Note: ${w}.`)
  writeLine(io.stdout, `Window ${r.window} s, min repeat ${r.minRepeat} (${r.repeat ?? 'per-signal'}), weight ${r.weight}.`)
  writeLine(
    io.stdout,
    `Edges: ${Object.entries(s.edges)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  )
  writeLine(io.stdout, `${s.networks.length} network(s), ${s.flaggedAccounts} account(s) flagged, in ${s.seconds.toFixed(1)} s.`)
  if (s.labelMetrics) {
    const m = s.labelMetrics
    writeLine(
      io.stdout,
      `Against the labels: precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)} (${m.truePositives}/${m.labelled}).`,
    )
  }
  const shown = s.networks.slice(0, 20)
  if (shown.length > 0) {
    const rows = [
      ['network', 'members', 'score', 'purity', 'signals'],
      ...shown.map((n) => [
        n.id,
        String(n.members),
        n.score.toFixed(3),
        n.purity === undefined ? '-' : n.purity.toFixed(2),
        n.signals.join(','),
      ]),
    ]
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? []
    for (const row of rows)
      writeLine(
        io.stdout,
        row
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
    if (s.networks.length > shown.length) writeLine(io.stdout, `… and ${s.networks.length - shown.length} more`)
  }
  writeLine(io.stdout, `Outputs in ${s.outDir}`)
}

// The share of a run's time each stage takes (the 10 M posts runs of docs/BENCHMARKS.md,
// rounded), so the bar, and the estimate of the time left drawn from it, move with the work
// rather than one step per stage: reading alone is about two fifths.
const STAGE_SHARE: Readonly<Record<(typeof DETECT_STAGES)[number], number>> = {
  read: 40,
  objects: 20,
  'window join': 15,
  'similar text': 12,
  edges: 5,
  networks: 2,
  evidence: 6,
}

/** Moves `bar` (0–100) by stage and by DuckDB's progress within a stage, never backwards. */
function stageProgress(bar: SingleBar | undefined) {
  let base = 0
  let share = 0
  let value = 0
  const show = (v: number, payload?: { stage: string }) => {
    value = Math.max(value, Math.min(100, v))
    bar?.update(value, payload)
  }
  return {
    stage: (stage: (typeof DETECT_STAGES)[number], index: number) => {
      base = DETECT_STAGES.slice(0, index).reduce((sum, s) => sum + STAGE_SHARE[s], 0)
      share = STAGE_SHARE[stage]
      show(base, { stage })
    },
    within: (fraction: number) => show(base + share * fraction),
  }
}

/** Seconds as the bar shows them: `42s`, `3m 05s`, `1h 02m`. */
function duration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`
}
