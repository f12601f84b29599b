import type { Disclosure, DisclosureList, DisclosurePostList, DisclosureReport } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { DisclosureDeps } from './disclosure-ports.js'
import { load, redactedSamples, redactionContext, reportInput, type UserActor, view } from './disclosure-record.js'
import { redactPost } from './redact-post.js'
import { disclosureStixReport, renderDisclosureHtml, renderDisclosureMarkdown, renderWithdrawnNotice } from './render-disclosure.js'

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
 * The public address of a disclosure, for anyone: the frozen report while published, or the
 * notice that it was withdrawn (reason and date, no content) once a published one is withdrawn.
 *
 * @throws VigilError `NOT_FOUND` for anything never published (a draft, one withdrawn before publication, an unknown slug)
 * @example
 * const page = await publicDisclosure(deps, 'ira-network-1a2b3c4d') // page.status: 'published' | 'withdrawn'
 */
export async function publicDisclosure(
  deps: Pick<DisclosureDeps, 'store'>,
  slug: string,
): Promise<{ status: 'published' | 'withdrawn'; html: string; markdown: string }> {
  const found = await deps.store.findPublic(slug)
  if (!found) throw new VigilError('NOT_FOUND', 'no published disclosure at this address')
  if (found.status === 'withdrawn') return { status: 'withdrawn', ...renderWithdrawnNotice(found) }
  return { status: 'published', html: found.publication.html, markdown: found.publication.markdown }
}
