import { z } from 'zod'
import { DetectRunId, ProposedTechnique, RunNetworkId } from '../detect/detect-api.js'
import { DetectSignal } from '../detect/detect-signal.js'
import { NetworkScore } from '../detect/networks-file.js'
import { CollectionId } from '../exchange/exchange-api.js'
import { Tlp } from '../exchange/tlp.js'
import { LiveFeedName } from '../live/live-feed.js'

/** A disclosure's id. */
export const DisclosureId = z.uuid().brand<'DisclosureId'>()
export type DisclosureId = z.infer<typeof DisclosureId>

/** The public slug of a disclosure: lower-case words and a short suffix, fixed at creation. */
export const DisclosureSlug = z
  .string()
  .min(3)
  .max(120)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug of lower-case letters, digits and dashes')
export type DisclosureSlug = z.infer<typeof DisclosureSlug>

const Networks = z.array(RunNetworkId).min(1, 'choose at least one network').max(50)

/**
 * Where a disclosure's networks come from: a batch detection run (its network ids), or a
 * live feed (the ids its confirmed live networks were given at confirmation, `n` and a number
 * that never changes, unlike the feed's recomputed networks).
 *
 * @example
 * DisclosureSource.parse({ kind: 'run', runId, networks: ['n1', 'n3'] })
 * DisclosureSource.parse({ kind: 'live', feed: 'elections', networks: ['n42'] })
 */
export const DisclosureSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), runId: DetectRunId, networks: Networks }),
  z.object({ kind: z.literal('live'), feed: LiveFeedName, networks: Networks }),
])
export type DisclosureSource = z.infer<typeof DisclosureSource>

/**
 * The disclosure's workflow: draft → submitted → approved → published, and withdrawn (with a
 * reason) from any of them; withdrawing a published one is a reviewer's act.
 */
export const DisclosureStatus = z.enum(['draft', 'submitted', 'approved', 'published', 'withdrawn'])
export type DisclosureStatus = z.infer<typeof DisclosureStatus>

const Title = z.string().trim().min(1, 'a title is required').max(200)
const LongText = z.string().max(20_000)
const ShortList = z.array(z.string().trim().min(1).max(200)).max(30)
const PostId = z.string().min(1).max(200)

/** The sample posts chosen for the report: ids of posts by the networks' members. */
export const DisclosureSamples = z.array(PostId).max(50)

/**
 * `POST /api/v1/disclosures`, `vigil disclose create`: a draft from confirmed networks.
 *
 * @example
 * DisclosureInput.parse({ source: { kind: 'run', runId, networks: ['n1'] }, title: 'IRA network', samples: ['123'] })
 */
export const DisclosureInput = z.object({
  source: DisclosureSource,
  title: Title,
  summary: LongText.default(''),
  origin: z.string().trim().max(200).default(''),
  targets: ShortList.default([]),
  /** Where the network was active (`twitter`, …); the run's platform when empty. */
  surfaces: ShortList.default([]),
  /** How the network was found, in the analyst's words. */
  notes: LongText.default(''),
  samples: DisclosureSamples.default([]),
  /** Followers under which a sample's author is hashed (X's rule: 5,000). */
  threshold: z.number().int().min(0).max(1_000_000_000).default(5000),
})
export type DisclosureInput = z.input<typeof DisclosureInput>

/** `PATCH /api/v1/disclosures/:id`: changes to a draft (the networks stay). */
export const DisclosurePatch = z
  .object({
    title: Title,
    summary: LongText,
    origin: z.string().trim().max(200),
    targets: ShortList,
    surfaces: ShortList,
    notes: LongText,
    samples: DisclosureSamples,
  })
  .partial()
export type DisclosurePatch = z.input<typeof DisclosurePatch>

/** `POST /api/v1/disclosures/:id/withdraw`: the reason is shown at the public address of a withdrawn publication. */
export const WithdrawInput = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(2000) })
export type WithdrawInput = z.input<typeof WithdrawInput>

/** `POST /api/v1/disclosures/:id/publish`: where the STIX report goes, and under which TLP. */
export const PublishDisclosureInput = z.object({ collection: CollectionId, tlp: Tlp })
export type PublishDisclosureInput = z.input<typeof PublishDisclosureInput>

/** A value and how often it was shared. */
export const CountedValue = z.object({ value: z.string(), count: z.number().int().nonnegative() })
export type CountedValue = z.infer<typeof CountedValue>

/**
 * What the report says about the networks' activity, taken from the dump when the draft was
 * made and frozen with it.
 */
export const DisclosureEvidence = z.object({
  accounts: z.number().int().nonnegative(),
  accountsBySurface: z.record(z.string(), z.number().int().nonnegative()),
  posts: z.number().int().nonnegative(),
  firstAt: z.iso.datetime().optional(),
  lastAt: z.iso.datetime().optional(),
  postsPerDay: z.array(z.object({ day: z.iso.date(), posts: z.number().int().nonnegative() })),
  /** Followers summed over the accounts the dump gives a count for (each at its latest post); `null` when it gives none. */
  reach: z.object({
    followers: z.number().int().nonnegative().nullable(),
    accountsCounted: z.number().int().nonnegative(),
  }),
  topDomains: z.array(CountedValue),
  topHashtags: z.array(CountedValue),
  topLinks: z.array(CountedValue),
  signals: z.array(DetectSignal),
  networks: z.array(z.object({ id: RunNetworkId, members: z.number().int().nonnegative(), score: NetworkScore })),
})
export type DisclosureEvidence = z.infer<typeof DisclosureEvidence>

/** A post as the public report shows it: its author hashed under the threshold, its text redacted by rule. */
export const RedactedPost = z.object({
  /** The post's id in the dump, for choosing it; never published for a hashed author. */
  post: z.string(),
  /** The author's screen name, or `account-<12 hex>` for a hashed author. */
  author: z.string(),
  hashed: z.boolean(),
  time: z.iso.datetime(),
  text: z.string(),
})
export type RedactedPost = z.infer<typeof RedactedPost>

/** `GET /api/v1/disclosures/:id/posts`: the networks' posts one may choose as samples, redacted. */
export const DisclosurePostList = z.object({ posts: z.array(RedactedPost), total: z.number().int().nonnegative() })
export type DisclosurePostList = z.infer<typeof DisclosurePostList>

/** One step of the workflow; `by` is the user's e-mail. */
export const DisclosureStep = z.object({
  step: z.enum(['created', 'edited', 'submitted', 'approved', 'published', 'withdrawn']),
  by: z.string(),
  at: z.iso.datetime(),
  reason: z.string().optional(),
})
export type DisclosureStep = z.infer<typeof DisclosureStep>

/** A disclosure as its organisation sees it. */
export const Disclosure = z.object({
  id: DisclosureId,
  slug: DisclosureSlug,
  status: DisclosureStatus,
  title: z.string(),
  summary: z.string(),
  origin: z.string(),
  targets: z.array(z.string()),
  surfaces: z.array(z.string()),
  techniques: z.array(ProposedTechnique),
  notes: z.string(),
  source: DisclosureSource,
  threshold: z.number().int().nonnegative(),
  samples: z.array(RedactedPost),
  evidence: DisclosureEvidence,
  history: z.array(DisclosureStep),
  /** Set once published: where the STIX report went and the public page. */
  publication: z.object({ collection: CollectionId, tlp: Tlp, url: z.string(), stixReportId: z.string() }).optional(),
  withdrawReason: z.string().optional(),
  withdrawnAt: z.iso.datetime().optional(),
})
export type Disclosure = z.infer<typeof Disclosure>

/** `GET /api/v1/disclosures`: the organisation's disclosures, newest first. */
export const DisclosureList = z.object({
  disclosures: z.array(
    z.object({
      id: DisclosureId,
      slug: DisclosureSlug,
      status: DisclosureStatus,
      title: z.string(),
      createdBy: z.string(),
      createdAt: z.iso.datetime(),
    }),
  ),
})
export type DisclosureList = z.infer<typeof DisclosureList>

/** `GET /api/v1/disclosures/:id/report`: the public report in its three forms (a preview until published, then the frozen copy). */
export const DisclosureReport = z.object({
  html: z.string(),
  markdown: z.string(),
  stix: z.record(z.string(), z.unknown()),
})
export type DisclosureReport = z.infer<typeof DisclosureReport>
