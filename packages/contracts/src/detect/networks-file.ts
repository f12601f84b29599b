import { z } from 'zod'
import { DetectSignal, EdgeWeight, InputFormat, RepeatCount } from './detect-signal.js'

/** One shared object of a network's evidence: what was posted, by whom, when (UTC, ISO-8601). */
export const EvidenceObject = z.object({
  signal: DetectSignal,
  object: z.string(),
  accounts: z.array(z.string()).min(2),
  posts: z.number().int().positive(),
  firstAt: z.iso.datetime(),
  lastAt: z.iso.datetime(),
})
export type EvidenceObject = z.infer<typeof EvidenceObject>

/** The score of a network and its parts, each in [0, 1]. */
export const NetworkScore = z.object({
  score: z.number().min(0).max(1),
  timeTightness: z.number().min(0).max(1),
  density: z.number().min(0).max(1),
  coordinatedShare: z.number().min(0).max(1),
  signalAgreement: z.number().min(0).max(1),
  /** The share of members the strongest account-level tell covers; only when the dump has account fields. */
  accountEvidence: z.number().min(0).max(1).optional(),
})
export type NetworkScore = z.infer<typeof NetworkScore>

/** An edge inside a network: the fused weight and the weight on each signal. */
export const NetworkEdge = z.object({
  a: z.string(),
  b: z.string(),
  weight: z.number().positive(),
  signals: z.record(z.string(), z.number().positive()),
})
export type NetworkEdge = z.infer<typeof NetworkEdge>

/**
 * An account-level tell of a network, from the dump's account fields: how many of its
 * members show it, and how many would by chance at the dump's own rates.
 *
 * @example
 * AccountTell.parse({ tell: 'same-creation-day', value: '2013-07-25', members: 9, of: 12, expected: 0.3,
 *   summary: "9 of 12 members created on 2013-07-25; about 0.3 expected from the dump's creation dates" })
 */
export const AccountTell = z.object({
  tell: z.enum([
    'same-creation-day',
    'dormant-then-active',
    'screen-name-template',
    'same-profile-text',
    'same-profile-url',
    'near-identical-profile',
    'rare-client',
    'few-followers',
    'follows-far-more',
  ]),
  value: z.string(),
  members: z.number().int().positive(),
  of: z.number().int().positive(),
  expected: z.number().nonnegative(),
  summary: z.string(),
})
export type AccountTell = z.infer<typeof AccountTell>

/** A detected network: members, edges, score, the signals that agree, and its evidence. */
export const DetectedNetwork = z.object({
  id: z.string().regex(/^n\d+$/),
  members: z.array(z.string()).min(2),
  signals: z.array(DetectSignal).min(1),
  edges: z.array(NetworkEdge),
  score: NetworkScore,
  evidence: z.array(EvidenceObject),
  /** Account-level tells; absent when the dump has no account fields. */
  accountEvidence: z.array(AccountTell).optional(),
  labels: z.record(z.string(), z.number().int().nonnegative()).optional(),
  purity: z.number().min(0).max(1).optional(),
})
export type DetectedNetwork = z.infer<typeof DetectedNetwork>

/** A row that could not be read: file, line (or record) number and why. */
export const BadRow = z.object({ file: z.string(), line: z.number().int().nonnegative(), reason: z.string() })
export type BadRow = z.infer<typeof BadRow>

/** Precision and recall of the flagged accounts against `--labels`. */
export const LabelMetrics = z.object({
  labelled: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
  truePositives: z.number().int().nonnegative(),
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
})
export type LabelMetrics = z.infer<typeof LabelMetrics>

/** The run's parameters and input statistics, shared by networks.json and the `--json` summary. */
export const DetectRun = z.object({
  format: InputFormat,
  files: z.array(z.string()).min(1),
  window: z.number().int().nonnegative(),
  minRepeat: z.number().int().positive(),
  weight: EdgeWeight,
  /** How `minRepeat` counted for networks; absent in runs made before fused counting, which counted per signal. */
  repeat: RepeatCount.optional(),
  similarity: z.number().min(0).max(1),
  signals: z.array(DetectSignal),
  rows: z.number().int().nonnegative(),
  posts: z.number().int().nonnegative(),
  accounts: z.number().int().nonnegative(),
  badRows: z.number().int().nonnegative(),
  firstBadRows: z.array(BadRow).max(10),
  timeResolutionSeconds: z.number().int().positive(),
  /** The account fields the dump has, and how many of their values could not be used (unparseable, negative, too long). */
  accountFields: z.object({ fields: z.array(z.string()), badValues: z.record(z.string(), z.number().int().nonnegative()) }).optional(),
  warnings: z.array(z.string()),
})
export type DetectRun = z.infer<typeof DetectRun>

/**
 * `networks.json`: the run, the edge count per signal and every network with its evidence.
 *
 * @example
 * NetworksFile.parse(JSON.parse(readFileSync('vigil-detect/networks.json', 'utf8')))
 */
export const NetworksFile = z.object({
  version: z.literal(1),
  run: DetectRun,
  edges: z.record(z.string(), z.number().int().nonnegative()),
  labelMetrics: LabelMetrics.optional(),
  networks: z.array(DetectedNetwork),
})
export type NetworksFile = z.infer<typeof NetworksFile>
