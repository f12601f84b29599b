import {
  type Disclosure,
  DisclosureInput,
  type DisclosureList,
  DisclosurePatch,
  type DisclosurePostList,
  type DisclosureReport,
  type DisclosureStatus,
  type DisclosureStep,
  PublishableTriageStatus,
  PublishDisclosureInput,
  type RedactedPost,
  WithdrawInput,
} from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { can } from '../auth/can.js'
import { withoutAllowlisted } from '../detect/publish-networks.js'
import { proposedTechniques } from '../exchange/disarm-mapping.js'
import { buildNetworkBundle } from '../exchange/network-bundle.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import { disclosureEvidence } from './disclosure-evidence.js'
import type { DisclosureChange, DisclosureDeps, DisclosureRecord, DisclosureStepRecord } from './disclosure-ports.js'
import { type DisclosurePost, type RedactionContext, redactPost } from './redact-post.js'
import { type DisclosureReportInput, disclosureStixReport, renderDisclosureHtml, renderDisclosureMarkdown } from './render-disclosure.js'

type UserActor = Actor & { kind: 'user' }

/** The public page of a published disclosure. */
export const publicDisclosurePath = (slug: string) => `/disclosures/${slug}`

const MENTION_RE = /(?:^|[^\w@])@(\w{1,50})/g
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')

function slugOf(title: string, suffix: string): string {
  const words = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return `${words || 'disclosure'}-${suffix}`
}

function audit(actor: UserActor, action: string, id: string, details: Record<string, unknown> = {}): AuditEvent {
  return { actor, action: `disclose.${action}`, target: { type: 'disclosure', id }, outcome: 'success', details }
}

function redactionContext(record: DisclosureRecord): RedactionContext {
  return {
    key: record.redactionKey,
    threshold: record.threshold,
    accounts: new Map(record.accounts.map((a) => [a.account, { screenName: a.screenName, followers: a.followers }])),
    keptHandles: new Set(record.keptHandles),
  }
}

/** Each author's screen name and follower count at its latest post. */
function accountsOf(posts: readonly DisclosurePost[]): DisclosureRecord['accounts'] {
  const latest = new Map<string, { account: string; screenName: string | null; followers: number | null; at: number }>()
  for (const p of posts) {
    const seen = latest.get(p.account)
    const t = p.time.getTime()
    if (!seen || t >= seen.at)
      latest.set(p.account, {
        account: p.account,
        screenName: p.screenName ?? seen?.screenName ?? null,
        followers: p.followers ?? seen?.followers ?? null,
        at: t,
      })
  }
  return [...latest.values()].map(({ at: _at, ...a }) => a).sort((a, b) => (a.account < b.account ? -1 : 1))
}

async function load(deps: DisclosureDeps, actor: UserActor, id: string) {
  const found = await deps.store.find(actor.orgId, id)
  if (!found) throw new VigilError('NOT_FOUND', `no disclosure ${id}`)
  return found
}

/** The chosen samples, redacted, in the order chosen. */
async function redactedSamples(deps: DisclosureDeps, record: DisclosureRecord): Promise<RedactedPost[]> {
  if (record.samples.length === 0) return []
  const byId = new Map((await deps.store.posts(record.id, { ids: record.samples })).map((p) => [p.post, p]))
  const context = redactionContext(record)
  return record.samples.flatMap((s) => {
    const p = byId.get(s)
    return p ? [redactPost(p, context)] : []
  })
}

function view(record: DisclosureRecord, history: readonly DisclosureStepRecord[], samples: RedactedPost[]): Disclosure {
  return {
    id: record.id as Disclosure['id'],
    slug: record.slug,
    status: record.status,
    title: record.title,
    summary: record.summary,
    origin: record.origin,
    targets: [...record.targets],
    surfaces: [...record.surfaces],
    techniques: [...record.techniques],
    notes: record.notes,
    source: record.source,
    threshold: record.threshold,
    samples,
    evidence: record.evidence,
    history: history.map((h): DisclosureStep => ({ step: h.step, by: h.by, at: h.at, ...(h.reason ? { reason: h.reason } : {}) })),
    ...(record.publication
      ? {
          publication: {
            collection: record.publication.collection as NonNullable<Disclosure['publication']>['collection'],
            tlp: record.publication.tlp,
            url: publicDisclosurePath(record.slug),
            stixReportId: record.publication.stixReportId,
          },
        }
      : {}),
    ...(record.withdrawReason ? { withdrawReason: record.withdrawReason } : {}),
  }
}

async function checkSamples(deps: DisclosureDeps, id: string, samples: readonly string[]): Promise<void> {
  if (samples.length === 0) return
  const unique = [...new Set(samples)]
  if (unique.length !== samples.length) throw new VigilError('DISCLOSE_SELECTION_INVALID', 'a sample post is chosen twice')
  const found = new Set((await deps.store.posts(id, { ids: unique })).map((p) => p.post))
  const missing = unique.find((s) => !found.has(s))
  if (missing !== undefined)
    throw new VigilError('DISCLOSE_SELECTION_INVALID', `post ${missing} is not a post of the disclosed networks`, { post: missing })
}

/**
 * A draft disclosure from confirmed networks: their members (without allowlisted accounts),
 * the dump's posts by them (kept with the draft, so samples can be chosen and the report
 * made after the dump is gone), the evidence, the DISARM techniques of their signals, and a
 * redaction key of its own. Audited.
 *
 * @throws VigilError `NOT_FOUND` for a run or network the organisation does not have,
 * `CONFLICT` for an unconfirmed network, `DISCLOSE_SELECTION_INVALID` when no post of the
 * networks is in the dump or a sample is not one of their posts.
 * @example
 * const d = await createDisclosure(deps, analyst, { source: { kind: 'run', runId, networks: ['n1'] }, title: 'IRA' }, now)
 */
export async function createDisclosure(deps: DisclosureDeps, actor: UserActor, rawInput: unknown, now: Date): Promise<Disclosure> {
  const input = parseInput(DisclosureInput, rawInput, 'disclosure')
  const { source } = input
  const ids = [...new Set(source.networks)]
  const file = await deps.networksFile(actor.orgId, source.runId, ids)
  const triage = await deps.latestTriage(actor.orgId, source.runId)
  const unconfirmed = ids.find((n) => !PublishableTriageStatus.safeParse(triage.get(n)).success)
  if (unconfirmed !== undefined)
    throw new VigilError('CONFLICT', `network ${unconfirmed} is not confirmed; triage it as coordinated before disclosing it`)
  const allowlist = await deps.allowlistedAccounts(actor.orgId)
  const networks = file.networks.filter((n) => ids.includes(n.id)).map((n) => withoutAllowlisted(n, allowlist).network)
  const members = new Set(networks.flatMap((n) => n.members))
  const { posts, handles } = await deps.sourcePosts(actor.orgId, source, members)
  const own = posts.filter((p) => members.has(p.account))
  if (own.length === 0) throw new VigilError('DISCLOSE_SELECTION_INVALID', 'the selection is empty: no post of the networks is in the dump')
  const ownIds = new Set(own.map((p) => p.post))
  const missing = input.samples.find((s) => !ownIds.has(s))
  if (missing !== undefined)
    throw new VigilError('DISCLOSE_SELECTION_INVALID', `post ${missing} is not a post of the disclosed networks`, { post: missing })
  if (new Set(input.samples).size !== input.samples.length)
    throw new VigilError('DISCLOSE_SELECTION_INVALID', 'a sample post is chosen twice')
  const mentioned = new Set<string>()
  for (const p of own) for (const m of p.text.matchAll(MENTION_RE)) mentioned.add((m[1] ?? '').toLowerCase())
  const keptHandles = [...mentioned].filter((h) => {
    const f = handles.get(h)
    return f != null && f >= input.threshold
  })
  const surface = file.run.format === 'generic' ? 'unknown' : 'twitter'
  const techniques = new Map(proposedTechniques(networks.flatMap((n) => n.signals)).map((t) => [t.disarmId, t]))
  const id = deps.random.uuid()
  const record: DisclosureRecord = {
    id,
    orgId: actor.orgId,
    slug: slugOf(input.title, hex(deps.random.bytes(4))),
    status: 'draft',
    title: input.title,
    summary: input.summary,
    origin: input.origin,
    targets: input.targets,
    surfaces: input.surfaces.length > 0 ? input.surfaces : [surface],
    techniques: [...techniques.values()].map((t) => ({ disarmId: t.disarmId, stixId: t.stixId, name: t.name })),
    notes: input.notes,
    source: { ...source, networks: ids },
    threshold: input.threshold,
    samples: input.samples,
    evidence: disclosureEvidence(networks, own, surface),
    redactionKey: deps.random.bytes(32),
    keptHandles,
    accounts: accountsOf(own),
    createdBy: actor.userId,
    createdAt: now,
    publishedAt: null,
    publication: null,
    withdrawReason: null,
  }
  await deps.store.insert(record, own, audit(actor, 'create', id, { source: record.source, samples: input.samples.length }), now)
  return getDisclosure(deps, actor, id)
}

/** The organisation's disclosure, its samples redacted. @throws VigilError `NOT_FOUND` */
export async function getDisclosure(deps: DisclosureDeps, actor: UserActor, id: string): Promise<Disclosure> {
  const { record, history } = await load(deps, actor, id)
  return view(record, history, await redactedSamples(deps, record))
}

/** The organisation's disclosures, newest first. */
export async function listDisclosures(deps: DisclosureDeps, actor: UserActor): Promise<DisclosureList> {
  const rows = await deps.store.list(actor.orgId)
  return {
    disclosures: rows.map((r) => ({
      id: r.id as Disclosure['id'],
      slug: r.slug,
      status: r.status,
      title: r.title,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
    })),
  }
}

/** The posts one may choose as samples, redacted as the report would show them, oldest first. */
export async function disclosurePosts(deps: DisclosureDeps, actor: UserActor, id: string, limit: number): Promise<DisclosurePostList> {
  const { record } = await load(deps, actor, id)
  const posts = await deps.store.posts(record.id, { limit })
  const context = redactionContext(record)
  return { posts: posts.map((p) => redactPost(p, context)), total: await deps.store.countPosts(record.id) }
}

const frozen = (status: DisclosureStatus) =>
  status === 'published'
    ? 'the disclosure is published, and a published disclosure is frozen'
    : status === 'withdrawn'
      ? 'the disclosure was withdrawn'
      : `the disclosure is ${status}`

async function step(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  from: readonly DisclosureStatus[],
  change: DisclosureChange,
  what: { step: DisclosureStep['step']; reason?: string; details?: Record<string, unknown> },
  now: Date,
): Promise<Disclosure> {
  const changed = await deps.store.change(
    id,
    from,
    change,
    { step: what.step, userId: actor.userId, ...(what.reason !== undefined ? { reason: what.reason } : {}) },
    audit(actor, ACTIONS[what.step], id, {
      ...(change.status ? { status: change.status } : {}),
      ...what.details,
    }),
    now,
  )
  if (!changed) {
    const { record } = await load(deps, actor, id)
    throw new VigilError('CONFLICT', `${frozen(record.status)}; it cannot be ${what.step} now`)
  }
  return getDisclosure(deps, actor, id)
}

const ACTIONS: Record<DisclosureStep['step'], string> = {
  created: 'create',
  edited: 'edit',
  submitted: 'submit',
  approved: 'approve',
  published: 'publish',
  withdrawn: 'withdraw',
}

function requireWriter(actor: UserActor): void {
  if (!can(actor, 'disclose:write'))
    throw new VigilError('AUTH_FORBIDDEN', 'only analysts prepare disclosures', { permission: 'disclose:write' })
}

/** Changes a draft (title, words, samples). Audited. @throws VigilError `CONFLICT` unless a draft, `DISCLOSE_SELECTION_INVALID` for a sample not in the networks */
export async function updateDisclosure(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  rawPatch: unknown,
  now: Date,
): Promise<Disclosure> {
  requireWriter(actor)
  const patch = parseInput(DisclosurePatch, rawPatch, 'changes')
  const { record } = await load(deps, actor, id)
  if (record.status !== 'draft') throw new VigilError('CONFLICT', `${frozen(record.status)}; only a draft can be changed`)
  if (patch.samples) await checkSamples(deps, id, patch.samples)
  const change: DisclosureChange = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
  return step(deps, actor, id, ['draft'], change, { step: 'edited', details: { fields: Object.keys(change) } }, now)
}

/** Sends a draft for review. Audited. */
export async function submitDisclosure(deps: DisclosureDeps, actor: UserActor, id: string, now: Date): Promise<Disclosure> {
  requireWriter(actor)
  await load(deps, actor, id)
  return step(deps, actor, id, ['draft'], { status: 'submitted' }, { step: 'submitted' }, now)
}

/**
 * Approves a submitted disclosure: only a reviewer, and never someone who made, changed or
 * submitted it (four eyes). Audited; a refusal is not a change.
 *
 * @throws VigilError `AUTH_FORBIDDEN` without the reviewer role, `DISCLOSE_FOUR_EYES` for the same person
 */
export async function approveDisclosure(deps: DisclosureDeps, actor: UserActor, id: string, now: Date): Promise<Disclosure> {
  if (!can(actor, 'disclose:review'))
    throw new VigilError('AUTH_FORBIDDEN', 'only a reviewer approves a disclosure', { permission: 'disclose:review' })
  const { history } = await load(deps, actor, id)
  if (history.some((h) => h.userId === actor.userId && h.step !== 'withdrawn'))
    throw new VigilError('DISCLOSE_FOUR_EYES', 'a disclosure is approved by someone other than who prepared or submitted it')
  return step(deps, actor, id, ['submitted'], { status: 'approved' }, { step: 'approved' }, now)
}

/** Withdraws a disclosure that is not published, with a reason. Audited. */
export async function withdrawDisclosure(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  rawInput: unknown,
  now: Date,
): Promise<Disclosure> {
  if (!can(actor, 'disclose:write') && !can(actor, 'disclose:review'))
    throw new VigilError('AUTH_FORBIDDEN', 'only analysts and reviewers withdraw a disclosure', { permission: 'disclose:write' })
  const { reason } = parseInput(WithdrawInput, rawInput, 'withdrawal')
  await load(deps, actor, id)
  return step(
    deps,
    actor,
    id,
    ['draft', 'submitted', 'approved'],
    { status: 'withdrawn', withdrawReason: reason },
    { step: 'withdrawn', reason },
    now,
  )
}

async function reportInput(deps: DisclosureDeps, record: DisclosureRecord, publishedAt: Date | null): Promise<DisclosureReportInput> {
  return {
    id: record.id,
    title: record.title,
    summary: record.summary,
    origin: record.origin,
    targets: record.targets,
    surfaces: record.surfaces,
    techniques: record.techniques,
    notes: record.notes,
    evidence: record.evidence,
    samples: await redactedSamples(deps, record),
    publishedAt,
  }
}

/**
 * The public report: the frozen copy once published, otherwise a preview marked as a draft
 * (its STIX `report` refers to no object until published).
 */
export async function disclosureReport(deps: DisclosureDeps, actor: UserActor, id: string, now: Date): Promise<DisclosureReport> {
  const { record } = await load(deps, actor, id)
  if (record.publication) return { html: record.publication.html, markdown: record.publication.markdown, stix: record.publication.stix }
  const input = await reportInput(deps, record, null)
  return {
    html: renderDisclosureHtml(input),
    markdown: renderDisclosureMarkdown(input),
    stix: disclosureStixReport(input, { tlp: 'amber', objectRefs: [], now }),
  }
}

/**
 * Publishes an approved disclosure: the networks' STIX objects (without allowlisted accounts)
 * and a STIX `report` referring to them go into the chosen collection under the chosen TLP,
 * and the HTML, Markdown and STIX are frozen with the disclosure and served at its public
 * URL. Audited.
 *
 * @throws VigilError `CONFLICT` unless approved; the exchange's errors for the collection
 */
export async function publishDisclosure(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  rawInput: unknown,
  now: Date,
): Promise<Disclosure> {
  requireWriter(actor)
  const input = parseInput(PublishDisclosureInput, rawInput, 'publication')
  const { record } = await load(deps, actor, id)
  if (record.status !== 'approved') throw new VigilError('CONFLICT', `${frozen(record.status)}; only an approved disclosure is published`)
  await deps.writableCollection(actor, input.collection)
  const file = await deps.networksFile(actor.orgId, record.source.runId, record.source.networks)
  const allowlist = await deps.allowlistedAccounts(actor.orgId)
  const networks = file.networks.filter((n) => record.source.networks.includes(n.id)).map((n) => withoutAllowlisted(n, allowlist).network)
  const bundle = buildNetworkBundle({ ...file, networks }, { now, tlp: input.tlp })
  const refs = bundle.objects.filter((o) => o.type !== 'marking-definition').map((o) => o.id)
  const report = await reportInput(deps, record, now)
  const stix = disclosureStixReport(report, { tlp: input.tlp, objectRefs: refs, now })
  await deps.addObjects(actor, input.collection, [...bundle.objects, stix as never], input.tlp)
  const publication = {
    collection: input.collection,
    tlp: input.tlp,
    stixReportId: stix.id,
    html: renderDisclosureHtml(report),
    markdown: renderDisclosureMarkdown(report),
    stix,
  }
  return step(
    deps,
    actor,
    id,
    ['approved'],
    { status: 'published', publishedAt: now, publication },
    { step: 'published', details: { collection: input.collection, tlp: input.tlp, report: stix.id } },
    now,
  )
}

/**
 * The public page of a published disclosure, for anyone.
 *
 * @throws VigilError `NOT_FOUND` for anything not published (a draft, a withdrawn one, an unknown slug)
 */
export async function publicDisclosure(deps: Pick<DisclosureDeps, 'store'>, slug: string): Promise<{ html: string; markdown: string }> {
  const found = await deps.store.findPublished(slug)
  if (!found) throw new VigilError('NOT_FOUND', 'no published disclosure at this address')
  return { html: found.html, markdown: found.markdown }
}
