import { type Disclosure, DisclosureInput, PublishableTriageStatus } from '@vigil/contracts'
import { withoutAllowlisted } from '../detect/publish-networks.js'
import { proposedTechniques } from '../exchange/disarm-mapping.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import { disclosureEvidence } from './disclosure-evidence.js'
import type { DisclosureDeps, DisclosureRecord } from './disclosure-ports.js'
import { audit, type UserActor } from './disclosure-record.js'
import { getDisclosure } from './read-disclosures.js'
import type { DisclosurePost } from './redact-post.js'

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
  const { file, triage } = await deps.sourceNetworks(actor, { ...source, networks: ids })
  const unconfirmed = ids.find((n) => !PublishableTriageStatus.safeParse(triage.get(n)).success)
  if (unconfirmed !== undefined)
    throw new VigilError('CONFLICT', `network ${unconfirmed} is not confirmed; triage it as coordinated before disclosing it`)
  const allowlist = await deps.allowlistedAccounts(actor)
  const networks = file.networks.filter((n) => ids.includes(n.id)).map((n) => withoutAllowlisted(n, allowlist).network)
  const members = new Set(networks.flatMap((n) => n.members))
  const { posts, handles } = await deps.sourcePosts(actor, source, members)
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
    withdrawnAt: null,
  }
  await deps.store.insert(record, own, audit(actor, 'create', id, { source: record.source, samples: input.samples.length }), now)
  return getDisclosure(deps, actor, id)
}
