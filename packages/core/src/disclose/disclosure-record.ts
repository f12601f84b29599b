import type { Disclosure, DisclosureStatus, DisclosureStep, RedactedPost } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import type { DisclosureDeps, DisclosureRecord, DisclosureStepRecord } from './disclosure-ports.js'
import { type RedactionContext, redactPost } from './redact-post.js'
import type { DisclosureReportInput } from './render-disclosure.js'

// What every workflow step of a disclosure shares: loading the record, its view, its audit entry.

export type UserActor = Actor & { kind: 'user' }

/** The public page of a published disclosure. */
export const publicDisclosurePath = (slug: string) => `/disclosures/${slug}`

export function audit(actor: UserActor, action: string, id: string, details: Record<string, unknown> = {}): AuditEvent {
  return { actor, action: `disclose.${action}`, target: { type: 'disclosure', id }, outcome: 'success', details }
}

export function redactionContext(record: DisclosureRecord): RedactionContext {
  return {
    key: record.redactionKey,
    threshold: record.threshold,
    accounts: new Map(record.accounts.map((a) => [a.account, { screenName: a.screenName, followers: a.followers }])),
    keptHandles: new Set(record.keptHandles),
  }
}

export async function load(deps: DisclosureDeps, actor: UserActor, id: string) {
  const found = await deps.store.find(actor.orgId, id)
  if (!found) throw new VigilError('NOT_FOUND', `no disclosure ${id}`)
  return found
}

/** The chosen samples, redacted, in the order chosen. */
export async function redactedSamples(deps: DisclosureDeps, record: DisclosureRecord): Promise<RedactedPost[]> {
  if (record.samples.length === 0) return []
  const byId = new Map((await deps.store.posts(record.id, { ids: record.samples })).map((p) => [p.post, p]))
  const context = redactionContext(record)
  return record.samples.flatMap((s) => {
    const p = byId.get(s)
    return p ? [redactPost(p, context)] : []
  })
}

export function view(record: DisclosureRecord, history: readonly DisclosureStepRecord[], samples: RedactedPost[]): Disclosure {
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
    ...(record.withdrawnAt ? { withdrawnAt: record.withdrawnAt.toISOString() } : {}),
  }
}

export async function checkSamples(deps: DisclosureDeps, id: string, samples: readonly string[]): Promise<void> {
  if (samples.length === 0) return
  const unique = [...new Set(samples)]
  if (unique.length !== samples.length) throw new VigilError('DISCLOSE_SELECTION_INVALID', 'a sample post is chosen twice')
  const found = new Set((await deps.store.posts(id, { ids: unique })).map((p) => p.post))
  const missing = unique.find((s) => !found.has(s))
  if (missing !== undefined)
    throw new VigilError('DISCLOSE_SELECTION_INVALID', `post ${missing} is not a post of the disclosed networks`, { post: missing })
}

export const frozen = (status: DisclosureStatus) =>
  status === 'published'
    ? 'the disclosure is published, and a published disclosure is frozen'
    : status === 'withdrawn'
      ? 'the disclosure was withdrawn'
      : `the disclosure is ${status}`

export async function reportInput(
  deps: DisclosureDeps,
  record: DisclosureRecord,
  publishedAt: Date | null,
): Promise<DisclosureReportInput> {
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
