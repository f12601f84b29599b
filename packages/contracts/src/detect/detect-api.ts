import { z } from 'zod'
import { CollectionId } from '../exchange/exchange-api.js'
import { Tlp } from '../exchange/tlp.js'
import { DetectSignal, EdgeWeight, MappableField, RepeatCount } from './detect-signal.js'
import { DetectRun, EvidenceObject, NetworkEdge, NetworkScore } from './networks-file.js'

/** A server-side detection run's id. */
export const DetectRunId = z.uuid().brand<'DetectRunId'>()
export type DetectRunId = z.infer<typeof DetectRunId>

/**
 * The parameters of a server-side run: `vigil detect`'s options, with the CLI's defaults
 * and limits.
 *
 * @example
 * DetectParams.parse({ window: 60, map: { account: 'user_id', time: 'created_at' } })
 */
export const DetectParams = z.object({
  signals: z.array(DetectSignal).min(1).max(DetectSignal.options.length).optional(),
  window: z.number().int().min(0).max(604_800).default(60),
  minRepeat: z.number().int().min(1).max(1_000_000).default(2),
  weight: EdgeWeight.default('objects'),
  repeat: RepeatCount.default('fused'),
  similarity: z.number().gt(0).max(1).default(0.8),
  map: z.partialRecord(MappableField, z.string().min(1).max(200)).optional(),
})
export type DetectParams = z.infer<typeof DetectParams>

/** A dump file name: no directories, no leading dot. */
export const DumpFileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^./\\\0][^/\\\0]*$/, 'a file name, without directories')
export type DumpFileName = z.infer<typeof DumpFileName>

/**
 * `POST /api/v1/detect/runs` as JSON: run over dumps already in the server's dump
 * directory (`GET /api/v1/detect/files`). The multipart form takes `dump` file parts and a
 * `params` field holding `DetectParams` as JSON instead.
 *
 * @example
 * DetectRunRequest.parse({ serverFiles: ['ira.csv.gz'], params: {} })
 */
export const DetectRunRequest = z.object({
  serverFiles: z.array(DumpFileName).min(1).max(20),
  params: DetectParams.default(DetectParams.parse({})),
})
export type DetectRunRequest = z.input<typeof DetectRunRequest>

/** One dump in the server's dump directory. */
export const ServerDumpFile = z.object({ name: z.string(), size: z.number().int().nonnegative(), modified: z.iso.datetime() })
export type ServerDumpFile = z.infer<typeof ServerDumpFile>

/** `GET /api/v1/detect/files`. */
export const ServerDumpList = z.object({ files: z.array(ServerDumpFile) })
export type ServerDumpList = z.infer<typeof ServerDumpList>

/** A run's state: queued → running → completed | failed (a failed attempt is retried while queued). */
export const DetectRunStatus = z.enum(['queued', 'running', 'completed', 'failed'])
export type DetectRunStatus = z.infer<typeof DetectRunStatus>

/** One input of a run: its name as given, its size and content hash (SHA-256, hex). */
export const DetectRunFile = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
})
export type DetectRunFile = z.infer<typeof DetectRunFile>

/** What a completed run read and found: `networks.json`'s `run`, the edges per signal, the counts. */
export const DetectRunSummary = z.object({
  run: DetectRun,
  edges: z.record(z.string(), z.number().int().nonnegative()),
  networks: z.number().int().nonnegative(),
  flaggedAccounts: z.number().int().nonnegative(),
})
export type DetectRunSummary = z.infer<typeof DetectRunSummary>

/**
 * A server-side detection run (`DetectRun` is the name of `networks.json`'s run record, so
 * this one is `DetectionRun`). `stage` is the stage of `vigil detect` running now
 * (`stageIndex` of `stageCount`), `queued` before and `done` after.
 *
 * @example
 * const run = DetectionRun.parse(await (await fetch(`/api/v1/detect/runs/${id}`)).json())
 */
export const DetectionRun = z.object({
  id: DetectRunId,
  status: DetectRunStatus,
  stage: z.string(),
  stageIndex: z.number().int().nonnegative(),
  stageCount: z.number().int().positive(),
  files: z.array(DetectRunFile),
  params: DetectParams,
  createdAt: z.iso.datetime(),
  /** The e-mail of the user who started it. */
  createdBy: z.string(),
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  summary: DetectRunSummary.optional(),
  error: z.string().optional(),
})
export type DetectionRun = z.infer<typeof DetectionRun>

/** `GET /api/v1/detect/runs`: the caller's organisation's runs, newest first. */
export const DetectionRunList = z.object({ runs: z.array(DetectionRun) })
export type DetectionRunList = z.infer<typeof DetectionRunList>

/**
 * `GET /api/v1/detect/runs/:id/rerun`: what an edited re-run of a run starts from: its
 * parameters, why it failed, and its dumps, each with whether the server still keeps it
 * (uploads are deleted once no queued or running run reads them; a dump gone must be
 * uploaded again).
 *
 * @example
 * const draft = RerunDraft.parse(await (await fetch(`/api/v1/detect/runs/${id}/rerun`)).json())
 */
export const RerunDraft = z.object({
  runId: DetectRunId,
  status: DetectRunStatus,
  error: z.string().optional(),
  params: DetectParams,
  files: z.array(DetectRunFile.extend({ kept: z.boolean() })),
})
export type RerunDraft = z.infer<typeof RerunDraft>

/**
 * `POST /api/v1/detect/runs/:id/rerun`: a new run over the dumps the run read (all still
 * kept), with these parameters.
 *
 * @example
 * RerunRequest.parse({ params: { map: { account: 'user' } } })
 */
export const RerunRequest = z.object({ params: DetectParams.default(DetectParams.parse({})) })
export type RerunRequest = z.input<typeof RerunRequest>

/** An analyst's verdict on a network. */
export const TriageStatus = z.enum(['confirmed', 'false-positive', 'taken-down'])
export type TriageStatus = z.infer<typeof TriageStatus>

/** The verdicts under which a network may be published: an analyst confirmed it as coordinated. */
export const PublishableTriageStatus = TriageStatus.extract(['confirmed', 'taken-down'])

/**
 * `POST /api/v1/detect/runs/:id/networks/:networkId/triage`.
 *
 * @example
 * TriageInput.parse({ status: 'taken-down', note: 'suspended 2026-03-01' })
 */
export const TriageInput = z.object({ status: TriageStatus, note: z.string().max(2000).default('') })
export type TriageInput = z.input<typeof TriageInput>

/** One triage decision; `by` is the deciding user's e-mail. */
export const TriageDecision = z.object({ status: TriageStatus, note: z.string(), by: z.string(), at: z.iso.datetime() })
export type TriageDecision = z.infer<typeof TriageDecision>

/**
 * One publication of a network into the exchange: where, at which TLP, by whom, how many
 * STIX objects were stored, and the allowlisted accounts left out of it.
 */
export const NetworkPublication = z.object({
  collection: CollectionId,
  collectionTitle: z.string(),
  tlp: Tlp,
  by: z.string(),
  at: z.iso.datetime(),
  objects: z.number().int().nonnegative(),
  leftOut: z.array(z.string()),
})
export type NetworkPublication = z.infer<typeof NetworkPublication>

/** A network id within a run (`n1`, `n2`, …). */
export const RunNetworkId = z.string().regex(/^n\d{1,9}$/)

/** One line of a run's network list; `triage` is the latest decision, `label` the most common `--label-column` value. */
export const RunNetworkSummary = z.object({
  id: RunNetworkId,
  score: z.number().min(0).max(1),
  members: z.number().int().min(2),
  signals: z.array(DetectSignal),
  label: z.string().optional(),
  triage: TriageDecision.optional(),
  /** The latest publication, if the network was ever published. */
  published: NetworkPublication.optional(),
})
export type RunNetworkSummary = z.infer<typeof RunNetworkSummary>

/** `GET /api/v1/detect/runs/:id/networks`, by score, highest first. */
export const RunNetworkList = z.object({ networks: z.array(RunNetworkSummary) })
export type RunNetworkList = z.infer<typeof RunNetworkList>

/** A member of a network: its posts in the dump, how many were coordinated, and whether it is allowlisted now. */
export const RunNetworkMember = z.object({
  account: z.string(),
  posts: z.number().int().nonnegative(),
  coordinatedPosts: z.number().int().nonnegative(),
  allowlisted: z.boolean(),
})
export type RunNetworkMember = z.infer<typeof RunNetworkMember>

/** A DISARM technique detection proposes for a network, for an analyst to confirm. */
export const ProposedTechnique = z.object({ disarmId: z.string(), stixId: z.string(), name: z.string() })
export type ProposedTechnique = z.infer<typeof ProposedTechnique>

/**
 * `GET /api/v1/detect/runs/:id/networks/:networkId`: members, edges, evidence (shared
 * objects with their first and last times per signal), proposed DISARM techniques and the
 * triage history, newest first.
 */
export const RunNetworkDetail = z.object({
  id: RunNetworkId,
  runId: DetectRunId,
  score: NetworkScore,
  signals: z.array(DetectSignal),
  members: z.array(RunNetworkMember),
  edges: z.array(NetworkEdge),
  evidence: z.array(EvidenceObject),
  techniques: z.array(ProposedTechnique),
  labels: z.record(z.string(), z.number().int().nonnegative()).optional(),
  purity: z.number().min(0).max(1).optional(),
  triage: z.array(TriageDecision),
  /** Every publication, newest first. */
  publications: z.array(NetworkPublication),
})
export type RunNetworkDetail = z.infer<typeof RunNetworkDetail>

/** `GET /api/v1/detect/runs/:id/graph?limit=`: accounts and per-signal edges of every network, capped. */
export const RunGraphQuery = z.object({ limit: z.coerce.number().int().min(1).max(20_000).default(5_000) })
export type RunGraphQuery = z.infer<typeof RunGraphQuery>

/** The run's graph; `truncated` when edges past `limit` (the lightest) were left out. */
export const RunGraph = z.object({
  nodes: z.array(z.object({ id: z.string(), network: RunNetworkId, posts: z.number().int().nonnegative() })),
  edges: z.array(z.object({ a: z.string(), b: z.string(), signal: DetectSignal, weight: z.number().positive() })),
  truncated: z.boolean(),
})
export type RunGraph = z.infer<typeof RunGraph>

/** An account id as the dumps carry it. */
export const AllowlistAccount = z.string().trim().min(1).max(200)

/**
 * `POST /api/v1/detect/allowlist`: an account the organisation knows to be authentic; later
 * runs never flag it.
 *
 * @example
 * AllowlistInput.parse({ account: '1234567', note: 'the party’s official account' })
 */
export const AllowlistInput = z.object({ account: AllowlistAccount, note: z.string().max(2000).default('') })
export type AllowlistInput = z.input<typeof AllowlistInput>

/** One allowlisted account; `by` is the e-mail of the user who added it. */
export const AllowlistEntry = z.object({ account: z.string(), note: z.string(), by: z.string(), at: z.iso.datetime() })
export type AllowlistEntry = z.infer<typeof AllowlistEntry>

/** `GET /api/v1/detect/allowlist`: the organisation's allowlist, by account. */
export const Allowlist = z.object({ entries: z.array(AllowlistEntry) })
export type Allowlist = z.infer<typeof Allowlist>

/**
 * `POST /api/v1/detect/runs/:id/publish`: the chosen networks as a STIX bundle (TLP `tlp`)
 * imported into a collection the caller may write; answers the import's `IngestResult`.
 *
 * @example
 * PublishNetworksInput.parse({ networks: ['n1'], collection: collectionId, tlp: 'green' })
 */
export const PublishNetworksInput = z.object({
  networks: z.array(RunNetworkId).min(1).max(1000),
  collection: CollectionId,
  tlp: Tlp,
  /** STIX `account_type` of the accounts (default: `twitter` for the known dump formats). */
  platform: z.string().min(1).max(100).optional(),
})
export type PublishNetworksInput = z.input<typeof PublishNetworksInput>

/** What publishing would share, for the analyst to check before it is done. */
export const PublishPreview = z.object({
  tlp: Tlp,
  collectionTitle: z.string(),
  networks: z.array(z.object({ id: RunNetworkId, members: z.number().int().nonnegative(), leftOut: z.array(z.string()) })),
  /** STIX objects the bundle holds (the marking definition included). */
  objects: z.number().int().nonnegative(),
  /** Who may read it: every member organisation of the instance, or the named ones and sharing groups. */
  readers: z.object({
    everyone: z.boolean(),
    orgs: z.array(z.string()),
    groups: z.array(z.string()),
    anonymous: z.boolean(),
  }),
  /** A plain sentence saying who will read it at this TLP. */
  audience: z.string(),
})
export type PublishPreview = z.infer<typeof PublishPreview>
