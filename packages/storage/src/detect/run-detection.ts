import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import type { DuckDBInstance } from '@duckdb/node-api'
import type { AccountTell, DetectSignal, EdgeWeight, LabelMetrics, MappableField, NetworksFile, RepeatCount } from '@vigil/contracts'
import {
  accountEvidenceStrength,
  accountTells,
  availableSignals,
  buildNetworks,
  detectFormat,
  labelMetrics,
  labelPurity,
  VigilError,
} from '@vigil/core'
import { createDuckDB } from '../shared/duckdb.js'
import { accountFieldsOf, fetchAccountPopulation, fetchAccountProfiles, readAccountFields } from './account-fields.js'
import { buildObjects, objectKeys } from './build-objects.js'
import { addSimilarTextPairs, buildEdges, buildPairs } from './co-occurrence.js'
import { buildProfileEdges } from './co-profile.js'
import { type FetchedEdge, fetchActivity, fetchEdges, fetchEvidence, fetchFusedWeights, fetchInputStats } from './detection-queries.js'
import { loadRows } from './load-rows.js'
import { assertGzipComplete, inputKind, readHeader } from './read-header.js'
import { readAccountLabels, readRowLabels } from './read-labels.js'

/** Everything `vigil detect` can be asked; defaults are the CLI's. */
export interface DetectOptions {
  readonly files: readonly string[]
  /**
   * The name of each file in messages and outputs (`run.files`, bad rows, errors), in the
   * order of `files`; default each path's last part. Local paths never leave the run: a
   * server's uploads are named by their uploaded names.
   */
  readonly names?: readonly string[]
  readonly map?: Partial<Record<MappableField, string>>
  readonly signals?: readonly DetectSignal[]
  readonly window: number
  readonly minRepeat: number
  readonly weight: EdgeWeight
  /** How `minRepeat` counts for networks (default `fused`); the per-signal edge files always count per signal. */
  readonly repeat?: RepeatCount
  readonly similarity: number
  readonly strict: boolean
  readonly labelsFile?: string
  readonly labelColumn?: string
  readonly accountsFile?: string
  readonly maxComponentSize?: number
  readonly evidencePerNetwork?: number
  readonly threads?: number
  readonly memoryLimit?: string
  /** Where DuckDB's spill directory is made (default the system's temporary directory); it is removed afterwards. */
  readonly spillDir?: string
  /** Most disk the spill directory may take (DuckDB's `max_temp_directory_size`; default: what the disk has). */
  readonly maxSpill?: string
  /** Rows one window join or MinHash aggregate takes at once (default 4 M; see co-occurrence.ts). */
  readonly chunkRows?: number
  /** Accounts never to flag (an organisation's allowlist): their edges are dropped before networks are built. */
  readonly excludeAccounts?: ReadonlySet<string>
  /** Stops the run: DuckDB's query in progress is interrupted and the run rejects. */
  readonly signal?: AbortSignal
  /**
   * Called about once a second with DuckDB's progress through the statement it runs (0–1),
   * for a progress bar's estimate within a stage: the first stage, reading, is the longest.
   */
  readonly onProgress?: (fraction: number) => void
}

/** The result of a run: networks.json's content and the per-signal edges (`edges/<signal>.csv`). */
export interface Detection {
  readonly networks: NetworksFile
  readonly edges: readonly FetchedEdge[]
  readonly activity: ReadonlyMap<string, { posts: number; coordinatedPosts: number }>
}

/** The stages a run reports to its progress callback, in order. */
export const DETECT_STAGES = ['read', 'objects', 'window join', 'similar text', 'edges', 'networks', 'evidence'] as const

/**
 * Runs detection over dump files: reads them into DuckDB, computes every requested signal
 * in one window join, keeps edges of weight ≥ `minRepeat`, then fuses, splits and scores
 * the networks in core and attaches their evidence.
 */
export async function runDetection(
  options: DetectOptions,
  onStage: (stage: (typeof DETECT_STAGES)[number], index: number) => void = () => {},
): Promise<Detection> {
  const names = options.files.map((f, i) => options.names?.[i] ?? basename(f))
  // Longest path first, so a path that is a prefix of another cannot cut it.
  const byLength = options.files.map((f, i) => [f, names[i] as string] as const).sort((a, b) => b[0].length - a[0].length)
  const named = (text: string) => byLength.reduce((t, [path, name]) => t.replaceAll(path, name), text)
  try {
    const detection = await detectIn(options, onStage)
    const run = detection.networks.run
    return {
      ...detection,
      networks: {
        ...detection.networks,
        run: { ...run, files: names, firstBadRows: run.firstBadRows.map((b) => ({ ...b, file: named(b.file) })) },
      },
    }
  } catch (err) {
    if (err instanceof VigilError && byLength.some(([path]) => err.message.includes(path)))
      throw new VigilError(err.code, named(err.message), err.details, { cause: err })
    throw err
  }
}

async function detectIn(
  options: DetectOptions,
  onStage: (stage: (typeof DETECT_STAGES)[number], index: number) => void,
): Promise<Detection> {
  const report: typeof onStage = (stage, index) => {
    options.signal?.throwIfAborted()
    onStage(stage, index)
  }
  options.signal?.throwIfAborted()
  const first = options.files[0]
  if (!first) throw new VigilError('VALIDATION_FAILED', 'no input file')
  const kind = inputKind(first)
  const header = kind === 'parquet' ? await parquetColumns(first) : await readHeader(first, kind)
  for (const file of options.files.slice(1)) {
    const other = inputKind(file) === 'parquet' ? await parquetColumns(file) : await readHeader(file, inputKind(file))
    if (inputKind(file) !== kind || other.join(',') !== header.join(',')) {
      throw new VigilError('DETECT_INPUT_INVALID', `${file}: not the same format as ${first}`)
    }
  }
  for (const file of options.files) await assertGzipComplete(file)
  const detected = detectFormat(header, options.map)
  const labelFromRows = options.labelColumn !== undefined && options.accountsFile === undefined
  if (labelFromRows && !header.includes(options.labelColumn as string)) {
    throw new VigilError('DETECT_INPUT_INVALID', `--label-column ${options.labelColumn}: the input has no such column`)
  }
  const spec = labelFromRows ? { ...detected, fields: { ...detected.fields, label: [options.labelColumn as string] } } : detected
  const available = availableSignals(spec)
  const signals = options.signals ?? available
  const missing = signals.filter((s) => !available.includes(s))
  if (missing.length > 0) {
    throw new VigilError('DETECT_SIGNAL_UNAVAILABLE', `the ${spec.format} input has no fields for ${missing.join(', ')}`)
  }
  // DuckDB's limit leaves room under 4 GiB for Node and the allocator; past it DuckDB
  // spills to a private temporary directory instead of failing.
  const spill = await mkdtemp(join(options.spillDir ?? tmpdir(), '.vigil-spill-'))
  const memoryLimit = options.memoryLimit ?? '2560MB'
  const instance = await createDuckDB(':memory:', {
    threads: String(options.threads ?? 2),
    memory_limit: memoryLimit,
    temp_directory: spill,
    ...(options.maxSpill !== undefined ? { max_temp_directory_size: options.maxSpill } : {}),
  })
  const connection = await instance.connect()
  const interrupt = () => connection.interrupt()
  options.signal?.addEventListener('abort', interrupt, { once: true })
  let poll: ReturnType<typeof setInterval> | undefined
  try {
    await connection.run("SET TimeZone = 'UTC'")
    const onProgress = options.onProgress
    if (onProgress) {
      // DuckDB tracks a statement's progress only with its progress bar on (never printed here).
      await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 500')
      poll = setInterval(() => {
        const percentage = connection.progress.percentage
        if (percentage >= 0) onProgress(Math.min(1, percentage / 100))
      }, 1000)
      poll.unref()
    }
    // Every table in a compressed in-memory database: uncompressed, 10 M posts outgrow the
    // memory limit and the buffer manager writes tables out to the spill directory and
    // back (23.5 s against 18.1 s at 10 M posts, docs/BENCHMARKS.md).
    await connection.run("ATTACH ':memory:' AS detect (COMPRESS)")
    await connection.run('USE detect')
    report('read', 0)
    const loaded = await loadRows(connection, { files: options.files, spec, kind, header, strict: options.strict }, signals)
    report('objects', 1)
    const hasDomainColumn = (spec.fields.domain?.length ?? 0) > 0
    await buildObjects(connection, signals, hasDomainColumn)
    const windowMs = options.window * 1000
    report('window join', 2)
    await buildPairs(connection, windowMs, options.chunkRows)
    report('similar text', 3)
    if (signals.includes('co-similar-text')) await addSimilarTextPairs(connection, windowMs, options.similarity, options.chunkRows)
    report('edges', 4)
    // Account fields are read before the edges: co-profile links accounts by them.
    const accountRead = await readAccounts(connection, options, { spec, kind, header })
    const profile = signals.includes('co-profile') && accountRead !== undefined
    if (profile) await buildProfileEdges(connection, options.similarity)
    const repeat = options.repeat ?? 'fused'
    await buildEdges(connection, options.weight, options.minRepeat, repeat, profile)
    const stats = await fetchInputStats(connection)
    if (stats.posts === 0) {
      const first = loaded.firstBadRows.map((b) => `${b.file}:${b.line}: ${b.reason}`).join('; ')
      throw new VigilError('DETECT_INPUT_INVALID', `no readable rows (${loaded.badRows} bad rows${first ? `; first: ${first}` : ''})`)
    }
    const excluded = options.excludeAccounts ?? new Set<string>()
    const allowed = (e: FetchedEdge) => !excluded.has(e.a) && !excluded.has(e.b)
    const edges = (await fetchEdges(connection)).filter(allowed)
    const networkEdges = repeat === 'fused' ? (await fetchEdges(connection, 'net_edges')).filter(allowed) : edges
    const activity = await fetchActivity(connection)
    const accounts = accountRead ? await accountEvidence(connection, accountRead, networkEdges, profile) : undefined
    report('networks', 5)
    const scored = buildNetworks(networkEdges, activity, {
      windowSeconds: options.window,
      signalsRun: signals.length,
      maxComponentSize: options.maxComponentSize ?? 200,
      seed: 1,
      ...(repeat === 'fused' ? { fusedWeights: await fetchFusedWeights(connection) } : {}),
      ...(accounts ? { accountEvidence: (members: readonly string[]) => accountEvidenceStrength(accounts.tellsOf(members)) } : {}),
    })
    report('evidence', 6)
    const accountIds = new Map<string, bigint>()
    for (const e of networkEdges) {
      accountIds.set(e.a, e.aid)
      accountIds.set(e.b, e.bid)
    }
    const evidence = await fetchEvidence(connection, scored, accountIds, options.evidencePerNetwork ?? 25, (from) =>
      objectKeys(signals, from, hasDomainColumn),
    )
    const labels = await readLabels(connection, options)
    const flagged = new Set(scored.flatMap((n) => n.members))
    const warnings: string[] = []
    if (options.window < stats.resolutionSeconds) {
      warnings.push(`the window (${options.window} s) is finer than the data, whose times are rounded to ${stats.resolutionSeconds} s`)
    } else if (stats.resolutionSeconds > 1) {
      warnings.push(`times in the data are rounded to ${stats.resolutionSeconds} s`)
    }
    if (!accounts) {
      warnings.push(
        'the input has no account fields (creation date, screen name, profile, followers, following, client): no account evidence and no co-profile',
      )
    } else {
      for (const [field, n] of Object.entries(accounts.read.badValues)) {
        if (n > 0) warnings.push(`${n} unusable ${field} values (unparseable, negative or too long) left out of the account evidence`)
      }
    }
    const edgeCounts: Record<string, number> = Object.fromEntries(signals.map((s) => [s, 0]))
    for (const e of edges) edgeCounts[e.signal] = (edgeCounts[e.signal] ?? 0) + 1
    const networks: NetworksFile = {
      version: 1,
      run: {
        format: spec.format,
        files: [...options.files],
        window: options.window,
        minRepeat: options.minRepeat,
        weight: options.weight,
        repeat,
        similarity: options.similarity,
        signals: [...signals],
        rows: loaded.rows,
        posts: stats.posts,
        accounts: stats.accounts,
        badRows: loaded.badRows,
        firstBadRows: loaded.firstBadRows,
        timeResolutionSeconds: stats.resolutionSeconds,
        ...(accounts ? { accountFields: { fields: [...accounts.read.fields], badValues: { ...accounts.read.badValues } } } : {}),
        warnings,
      },
      edges: edgeCounts,
      ...(labels.positives ? { labelMetrics: labelMetrics(flagged, labels.positives) satisfies LabelMetrics } : {}),
      networks: scored.map((n) => {
        const purity = labels.categories ? labelPurity(n.members, labels.categories) : undefined
        return {
          ...n,
          evidence: evidence.get(n.id) ?? [],
          ...(accounts ? { accountEvidence: accounts.tellsOf(n.members) } : {}),
          ...(purity ? { labels: purity.counts } : {}),
          ...(purity?.purity !== undefined ? { purity: Math.round(purity.purity * 10_000) / 10_000 } : {}),
        }
      }),
    }
    return { networks, edges, activity }
  } catch (err) {
    throw exhausted(err, memoryLimit, spill) ?? err
  } finally {
    if (poll) clearInterval(poll)
    options.signal?.removeEventListener('abort', interrupt)
    connection.closeSync()
    instance.closeSync()
    await rm(spill, { recursive: true, force: true })
  }
}

/** Reads the account fields of the dump (and `--accounts`) into `acct_info`, when it has any. */
async function readAccounts(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  options: DetectOptions,
  input: { spec: ReturnType<typeof detectFormat>; kind: ReturnType<typeof inputKind>; header: readonly string[] },
) {
  if (accountFieldsOf(input.spec).length === 0) return undefined
  return await readAccountFields(connection, {
    files: options.files,
    ...input,
    ...(options.accountsFile !== undefined ? { accountsFile: options.accountsFile } : {}),
  })
}

/**
 * What was read of the account fields, and the tells of a set of members against the
 * dump's rates (memoised: the score and the evidence ask for the same networks).
 */
async function accountEvidence(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  read: Awaited<ReturnType<typeof readAccountFields>>,
  edges: readonly FetchedEdge[],
  profileEdges: boolean,
) {
  const population = await fetchAccountPopulation(connection, profileEdges)
  const profiles = await fetchAccountProfiles(connection, [...new Set(edges.flatMap((e) => [e.a, e.b]))], profileEdges)
  const memo = new Map<string, AccountTell[]>()
  const tellsOf = (members: readonly string[]) => {
    const key = members.join('\u0000')
    const known = memo.get(key)
    if (known) return known
    const tells = accountTells(
      members.map((m) => profiles.get(m) ?? { account: m, clients: [] }),
      population,
    )
    memo.set(key, tells)
    return tells
  }
  return { read, tellsOf }
}

/**
 * A run DuckDB cannot finish within its memory limit and spill space (out of memory, disk
 * full, the spill limit reached) as one clear error, or undefined for any other failure.
 */
function exhausted(err: unknown, memoryLimit: string, spill: string): VigilError | undefined {
  // The read wraps DuckDB's error as an unreadable input: what DuckDB said is its cause.
  const source = err instanceof VigilError ? err.cause : err
  if (!(source instanceof Error)) return undefined
  const message = source.message.split('\n')[0] ?? ''
  if (!/out of memory|no space left|disk is full|max_temp_directory_size|failed to (allocate|write)/i.test(message)) return undefined
  return new VigilError(
    'DETECT_RESOURCES_EXHAUSTED',
    `detection cannot finish within the memory limit (${memoryLimit}) and the disk free for spilling under ${dirname(spill)}: ${message}`,
    {},
    { cause: source },
  )
}

async function readLabels(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  options: DetectOptions,
): Promise<{ positives?: Set<string>; categories?: Map<string, string> }> {
  const out: { positives?: Set<string>; categories?: Map<string, string> } = {}
  if (options.labelsFile) {
    const listed = await readAccountLabels(connection, options.labelsFile, undefined)
    out.positives = new Set(listed.keys())
  }
  if (options.labelColumn && options.accountsFile) {
    const table = await readAccountLabels(connection, options.accountsFile, options.labelColumn)
    out.categories = new Map([...table].filter((e): e is [string, string] => e[1] !== undefined))
  } else if (options.labelColumn) {
    out.categories = await readRowLabels(connection)
  }
  return out
}

async function parquetColumns(file: string): Promise<string[]> {
  const instance = await createDuckDB(':memory:')
  const connection = await instance.connect()
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`)
    return reader.getRowObjectsJS().map((r) => String(r.column_name))
  } catch (err) {
    throw new VigilError('DETECT_INPUT_INVALID', `${file}: not a Parquet file: ${(err as Error).message.split('\n')[0]}`)
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
