import {
  Disclosure,
  DisclosureId,
  DisclosureInput,
  DisclosureList,
  DisclosurePatch,
  DisclosurePostList,
  DisclosureReport,
  DisclosureSlug,
  PublishDisclosureInput,
  WithdrawInput,
} from '@vigil/contracts'
import {
  approveDisclosure,
  type Clock,
  createDisclosure,
  type DisclosureDeps,
  disclosurePosts,
  disclosureReport,
  getDisclosure,
  listDisclosures,
  publicDisclosure,
  publishDisclosure,
  submitDisclosure,
  updateDisclosure,
  withdrawDisclosure,
} from '@vigil/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { userOf } from '../detect/detect-routes.js'

const IdParams = z.object({ id: DisclosureId })
const SlugParams = z.object({ slug: DisclosureSlug })
const PostsQuery = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(500) })
const tags = ['disclose']
// Caches revalidate every time: a published disclosure may be withdrawn, and then must not be served.
const PUBLIC_CACHE = 'public, no-cache'
// The public page is one self-contained document: its own inline styles and SVG, nothing else.
const PUBLIC_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * `/api/v1/disclosures…`: drafts from confirmed networks, the four-eyes workflow (each step
 * audited), the report, and publication into the exchange; `/disclosures/:slug`: the
 * published report for anyone, without sign-in.
 */
export function discloseRoutes(deps: DisclosureDeps, clock: Clock): FastifyPluginAsyncZod {
  const now = () => clock.now()
  return async (app) => {
    app.get(
      '/api/v1/disclosures',
      {
        config: { permission: 'disclose:read' },
        schema: { tags, summary: "The organisation's disclosures, newest first", response: { 200: DisclosureList } },
      },
      async (request) => listDisclosures(deps, userOf(request)),
    )
    app.post(
      '/api/v1/disclosures',
      {
        config: { permission: 'disclose:write' },
        schema: {
          tags,
          summary: 'Draft a disclosure from confirmed networks of a run, with sample posts (audited)',
          body: DisclosureInput,
          response: { 201: Disclosure },
        },
      },
      async (request, reply) => reply.code(201).send(await createDisclosure(deps, userOf(request), request.body, now())),
    )
    app.get(
      '/api/v1/disclosures/:id',
      {
        config: { permission: 'disclose:read' },
        schema: {
          tags,
          summary: 'One disclosure: its words, evidence, redacted samples and workflow history',
          params: IdParams,
          response: { 200: Disclosure },
        },
      },
      async (request) => getDisclosure(deps, userOf(request), request.params.id),
    )
    app.patch(
      '/api/v1/disclosures/:id',
      {
        config: { permission: 'disclose:write' },
        schema: {
          tags,
          summary: 'Change a draft: title, words, samples (audited)',
          params: IdParams,
          body: DisclosurePatch,
          response: { 200: Disclosure },
        },
      },
      async (request) => updateDisclosure(deps, userOf(request), request.params.id, request.body, now()),
    )
    app.get(
      '/api/v1/disclosures/:id/posts',
      {
        config: { permission: 'disclose:read' },
        schema: {
          tags,
          summary: "The networks' posts to choose samples from, redacted as the report shows them, oldest first",
          params: IdParams,
          querystring: PostsQuery,
          response: { 200: DisclosurePostList },
        },
      },
      async (request) => disclosurePosts(deps, userOf(request), request.params.id, request.query.limit),
    )
    app.get(
      '/api/v1/disclosures/:id/report',
      {
        config: { permission: 'disclose:read' },
        schema: {
          tags,
          summary: 'The public report as HTML, Markdown and a STIX report: a draft preview, or the frozen published copy',
          params: IdParams,
          response: { 200: DisclosureReport },
        },
      },
      async (request) => disclosureReport(deps, userOf(request), request.params.id, now()),
    )
    app.post(
      '/api/v1/disclosures/:id/submit',
      {
        config: { permission: 'disclose:write' },
        schema: { tags, summary: 'Send a draft for review (audited)', params: IdParams, response: { 200: Disclosure } },
      },
      async (request) => submitDisclosure(deps, userOf(request), request.params.id, now()),
    )
    app.post(
      '/api/v1/disclosures/:id/approve',
      {
        config: { permission: 'disclose:review' },
        schema: {
          tags,
          summary: 'Approve a submitted disclosure: a reviewer who did not prepare or submit it (audited)',
          params: IdParams,
          response: { 200: Disclosure },
        },
      },
      async (request) => approveDisclosure(deps, userOf(request), request.params.id, now()),
    )
    app.post(
      '/api/v1/disclosures/:id/publish',
      {
        config: { permission: 'disclose:write' },
        schema: {
          tags,
          summary: 'Publish an approved disclosure: STIX report into a collection under a TLP, HTML at its public URL (audited)',
          params: IdParams,
          body: PublishDisclosureInput,
          response: { 200: Disclosure },
        },
      },
      async (request) => publishDisclosure(deps, userOf(request), request.params.id, request.body, now()),
    )
    app.post(
      '/api/v1/disclosures/:id/withdraw',
      {
        config: { permission: 'disclose:read' },
        schema: {
          tags,
          summary:
            'Withdraw a disclosure with a reason (audited): analysts and reviewers before publication; a reviewer once published, which revokes its STIX report',
          params: IdParams,
          body: WithdrawInput,
          response: { 200: Disclosure },
        },
      },
      async (request) => withdrawDisclosure(deps, userOf(request), request.params.id, request.body, now()),
    )

    app.get(
      '/disclosures/:slug',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary:
            'A published disclosure as HTML, for anyone; 410 with the reason and date once withdrawn; 404 for anything never published',
          params: SlugParams,
        },
      },
      async (request, reply) => {
        const { status, html } = await publicDisclosure(deps, request.params.slug)
        return reply
          .code(status === 'withdrawn' ? 410 : 200)
          .header('content-type', 'text/html; charset=utf-8')
          .header('content-security-policy', PUBLIC_CSP)
          .header('cache-control', PUBLIC_CACHE)
          .send(html)
      },
    )
    app.get(
      '/disclosures/:slug/markdown',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary:
            'A published disclosure as Markdown, for anyone; 410 with the reason and date once withdrawn; 404 for anything never published',
          params: SlugParams,
        },
      },
      async (request, reply) => {
        const { status, markdown } = await publicDisclosure(deps, request.params.slug)
        return reply
          .code(status === 'withdrawn' ? 410 : 200)
          .header('content-type', 'text/markdown; charset=utf-8')
          .header('cache-control', PUBLIC_CACHE)
          .send(markdown)
      },
    )
  }
}
