import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DetectionRun,
  Disclosure,
  DisclosureList,
  DisclosurePostList,
  DisclosureReport,
  ObjectPage,
  RunNetworkList,
} from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { systemActor } from '@vigil/core'
import { createExchangeStore } from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadStixSchemaOracle } from '../../../contracts/src/test-support/stix-schemas.js'
import type { VigilApp } from '../app.js'
import type { DetectQueue } from '../detect/detect-queue.js'
import { buildDetectTestApp } from '../test-support/test-app.js'

const SIGNALS = ['co-link', 'co-hashtag', 'co-text', 'co-similar-text']

// The FiveThirtyEight IRA subset (real screen names and follower counts), cut to its first
// three days to keep the run short, uploaded without --map: the by-author format.
describeWithShared('disclosures over HTTP (real IRA data)', 'data/cib/ira_538_by_author', (dir) => {
  describeEachDatabase('draft, four eyes, publish, public page', (database) => {
    const dataDir = join(tmpdir(), `vigil-disclose-${randomUUID()}`)
    let app: VigilApp
    let queue: DetectQueue
    let analyst: SeededUser
    let dual: SeededUser
    let reviewer: SeededUser
    let partner: SeededUser
    let outsider: SeededUser
    let collectionId: string
    let runId: string
    let networkId: string
    let otherNetworkId: string

    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, as: SeededUser | null, payload?: unknown) =>
      app.inject({ method, url, ...(as ? { headers: as.headers } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) })
    const ok = async <T>(schema: { parse(v: unknown): T }, res: Awaited<ReturnType<typeof call>>, status = 200): Promise<T> => {
      expect(res.statusCode, res.body).toBe(status)
      return schema.parse(res.json())
    }
    const auditCount = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from audit_log where action like 'disclose.%'`.execute(database().db)).rows[0]?.n

    beforeAll(async () => {
      const identity = testAuthDeps(database())
      ;({ app, queue } = await buildDetectTestApp(database(), identity, dataDir))
      analyst = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
      dual = await seedUser(identity, { roles: ['analyst', 'reviewer'], org: analyst.org })
      reviewer = await seedUser(identity, { roles: ['reviewer'], org: analyst.org })
      partner = await seedUser(identity, { roles: ['analyst'], kind: 'civil-society' })
      outsider = await seedUser(identity, { roles: ['analyst'] })
      const exchange = createExchangeStore(database().db)
      const admin = systemActor('test-admin')
      const group = await exchange.createSharingGroup(
        admin,
        { name: `takedown partners ${randomUUID()}`, ownerOrgId: analyst.org.id, memberOrgIds: [analyst.org.id, partner.org.id] },
        new Date(),
      )
      collectionId = (
        await exchange.createCollection(
          admin,
          { title: `disclosures ${randomUUID()}`, read: { groupIds: [group.id] }, write: { orgIds: [analyst.org.id] } },
          new Date(),
        )
      ).id

      const text = await readFile(join(dir, 'tweets_2016-10-01_2016-11-15.csv'), 'utf8')
      const lines = text.split('\n')
      const subset = [lines[0], ...lines.slice(1).filter((l) => /,2016-10-0[1-3] /.test(l))].join('\n')
      const form = new FormData()
      form.append('params', JSON.stringify({ signals: SIGNALS, window: 60, minRepeat: 2 }))
      form.append('dump', new Blob([subset]), 'ira-3-days.csv')
      const queued = await ok(
        DetectionRun,
        await app.inject({ method: 'POST', url: '/api/v1/detect/runs', headers: analyst.headers, payload: form }),
        202,
      )
      runId = queued.id
      for (;;) {
        const run = await ok(DetectionRun, await call('GET', `/api/v1/detect/runs/${runId}`, analyst))
        if (run.status === 'completed') break
        if (run.status === 'failed') throw new Error(run.error)
        await new Promise((r) => setTimeout(r, 250))
      }
      const networks = (await ok(RunNetworkList, await call('GET', `/api/v1/detect/runs/${runId}/networks`, analyst))).networks
      const bySize = [...networks].sort((a, b) => b.members - a.members)
      networkId = bySize[0]?.id ?? ''
      otherNetworkId = bySize[1]?.id ?? ''
      await ok(z200, await call('POST', `/api/v1/detect/runs/${runId}/networks/${networkId}/triage`, analyst, { status: 'confirmed' }))
    }, 300_000)

    afterAll(async () => {
      await queue?.stop()
      await app?.close()
    })

    const draft = (over: Record<string, unknown> = {}) => ({
      source: { kind: 'run', runId, networks: [networkId] },
      title: 'IRA accounts posing as US activists',
      summary: 'A network of accounts run from St Petersburg.',
      origin: 'Russia',
      targets: ['United States'],
      notes: 'Found by co-link and co-text coordination within 60 s.',
      ...over,
    })

    it('refuses bad input with a clear error and changes nothing', async () => {
      const before = await auditCount()
      const cases: [unknown, SeededUser, number, RegExp][] = [
        [draft({ source: { kind: 'run', runId, networks: ['n999999'] } }), analyst, 404, /no network n999999/],
        [draft(), outsider, 404, /no such detection run/],
        [draft({ source: { kind: 'run', runId, networks: [] } }), analyst, 400, /choose at least one network/],
        [draft({ samples: ['not-a-post-of-it'] }), analyst, 400, /post not-a-post-of-it is not a post of the disclosed networks/],
        [draft({ source: { kind: 'run', runId, networks: [otherNetworkId] } }), analyst, 409, /is not confirmed/],
        [draft(), reviewer, 403, /./],
      ]
      for (const [body, as, status, message] of cases) {
        const res = await call('POST', '/api/v1/disclosures', as, body)
        expect(res.statusCode, res.body).toBe(status)
        expect(res.json().error.message).toMatch(message)
      }
      expect((await ok(DisclosureList, await call('GET', '/api/v1/disclosures', analyst))).disclosures).toEqual([])
      expect(await auditCount()).toBe(before)
    })

    it('goes from draft to published with four eyes, freezes it, and serves it to anyone', async () => {
      const created = await ok(Disclosure, await call('POST', '/api/v1/disclosures', dual, draft()), 201)
      expect(created).toMatchObject({ status: 'draft', surfaces: ['twitter'], history: [{ step: 'created', by: dual.user.email }] })
      expect(created.evidence.posts).toBeGreaterThan(0)
      expect(created.evidence.accountsBySurface).toEqual({ twitter: created.evidence.accounts })
      // The by-author dump carries followers: the reach is a sum, not "unknown".
      expect(created.evidence.reach.followers).toBeGreaterThan(0)
      expect(created.evidence.postsPerDay.map((d) => d.day)).toEqual(
        ['2016-10-01', '2016-10-02', '2016-10-03'].filter(
          (d) => d >= (created.evidence.firstAt ?? '').slice(0, 10) && d <= (created.evidence.lastAt ?? '').slice(0, 10),
        ),
      )
      expect(created.techniques.length).toBeGreaterThan(0)
      const base = `/api/v1/disclosures/${created.id}`

      // Not published: nothing at the public address.
      expect((await call('GET', `/disclosures/${created.slug}`, null)).statusCode).toBe(404)
      expect((await call('GET', base, outsider)).statusCode).toBe(404)

      const { posts, total } = await ok(DisclosurePostList, await call('GET', `${base}/posts?limit=5000`, dual))
      expect(total).toBe(created.evidence.posts)
      // Redaction: small authors are hashed, links lose their query strings.
      for (const p of posts) {
        if (p.hashed) expect(p.author).toMatch(/^account-[0-9a-f]{12}$/)
        expect(p.text).not.toMatch(/https?:\/\/\S*\?/)
      }
      const hashedSample = posts.find((p) => p.hashed)
      const keptSample = posts.find((p) => !p.hashed)
      const samples = [hashedSample?.post, keptSample?.post].filter((s): s is string => s !== undefined)
      expect(samples.length).toBeGreaterThan(0)
      const bad = await call('PATCH', base, dual, { samples: ['nope'] })
      expect(bad.statusCode).toBe(400)
      const edited = await ok(Disclosure, await call('PATCH', base, dual, { samples }))
      expect(edited.samples.map((s) => s.post)).toEqual(samples)

      await ok(Disclosure, await call('POST', `${base}/submit`, dual))
      // The same person, though a reviewer, may not approve; an analyst lacks the role.
      const same = await call('POST', `${base}/approve`, dual)
      expect(same.statusCode).toBe(403)
      expect(same.json().error).toMatchObject({ code: 'DISCLOSE_FOUR_EYES' })
      expect((await call('POST', `${base}/approve`, analyst)).statusCode).toBe(403)
      expect((await call('PATCH', base, dual, { title: 'x' })).statusCode).toBe(409)
      const approved = await ok(Disclosure, await call('POST', `${base}/approve`, reviewer))
      expect(approved.status).toBe('approved')

      const published = await ok(Disclosure, await call('POST', `${base}/publish`, dual, { collection: collectionId, tlp: 'green' }))
      expect(published.status).toBe('published')
      expect(published.history.map((h) => [h.step, h.by])).toEqual([
        ['created', dual.user.email],
        ['edited', dual.user.email],
        ['submitted', dual.user.email],
        ['approved', reviewer.user.email],
        ['published', dual.user.email],
      ])
      expect(published.publication?.url).toBe(`/disclosures/${created.slug}`)

      // Frozen: no edit, no withdrawal but by a reviewer, and the database refuses a direct change.
      expect((await call('PATCH', base, dual, { title: 'changed' })).statusCode).toBe(409)
      expect((await call('POST', `${base}/withdraw`, analyst, { reason: 'x' })).statusCode).toBe(403)
      await expect(sql`update disclosures set title = 'changed' where id = ${created.id}`.execute(database().db)).rejects.toThrow(/frozen/)

      const page = await call('GET', `/disclosures/${created.slug}`, null)
      expect(page.statusCode).toBe(200)
      expect(page.headers['content-type']).toMatch(/^text\/html/)
      expect(page.headers['content-security-policy']).toContain("default-src 'none'")
      expect(page.body).toContain('<svg')
      expect(page.body).toContain('@media print')
      expect(page.body).not.toMatch(/<script|<link|src="http/i)
      expect(page.body).toContain('IRA accounts posing as US activists')
      if (hashedSample) {
        const author = posts.find((p) => p.post === hashedSample.post)
        expect(page.body).toContain(author?.author ?? '?')
      }
      const md = await call('GET', `/disclosures/${created.slug}/markdown`, null)
      expect(md.body.startsWith('# IRA accounts posing as US activists')).toBe(true)

      const report = await ok(DisclosureReport, await call('GET', `${base}/report`, reviewer))
      expect(report.html).toBe(page.body)
      const oracle = loadStixSchemaOracle(join(process.env.VIGIL_SHARED_DIR ?? '', 'standards/stix2.1-schemas/schemas'))
      expect(oracle(report.stix)).toEqual([])
      const refs = report.stix.object_refs as string[]
      expect(refs.some((r) => r.startsWith('grouping--') || r.startsWith('campaign--'))).toBe(true)

      // Partners read the report under its TLP through the collection; others do not.
      const reports = async (as: SeededUser) =>
        (await ok(ObjectPage, await call('GET', `/api/v1/objects?collection=${collectionId}&type=report&limit=100`, as))).objects
      expect((await reports(partner)).map((o) => [o.object.id, o.tlp])).toEqual([[report.stix.id, 'green']])
      expect(await reports(outsider)).toEqual([])
      for (const r of refs.filter((r) => r.startsWith('grouping--'))) {
        const seen = await call('GET', `/api/v1/objects/${r}`, partner)
        expect(seen.statusCode, seen.body).toBe(200)
      }

      // Withdrawn after publication by a reviewer: the address answers 410 with the reason and
      // date and nothing of the report, the exchange's report is revoked, the frozen copy stays.
      const reason = 'One account was misattributed; a corrected report follows.'
      const withdrawn = await ok(Disclosure, await call('POST', `${base}/withdraw`, reviewer, { reason }))
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawReason: reason, publication: published.publication })
      expect(withdrawn.history.at(-1)).toMatchObject({ step: 'withdrawn', by: reviewer.user.email, reason })
      const gone = await call('GET', `/disclosures/${created.slug}`, null)
      expect(gone.statusCode).toBe(410)
      expect(gone.headers['content-security-policy']).toContain("default-src 'none'")
      expect(gone.body).toContain('One account was misattributed; a corrected report follows.')
      expect(gone.body).toContain(withdrawn.withdrawnAt?.slice(0, 10) ?? '?')
      expect(gone.body).not.toContain('IRA accounts posing as US activists')
      expect(gone.body).not.toContain('<svg')
      const goneMd = await call('GET', `/disclosures/${created.slug}/markdown`, null)
      expect(goneMd.statusCode).toBe(410)
      expect(goneMd.body).toContain(reason)
      expect(await reports(partner)).toEqual([])
      const revoked = (
        await ok(ObjectPage, await call('GET', `/api/v1/objects?collection=${collectionId}&type=report&include_revoked=true`, partner))
      ).objects
      expect(revoked.map((o) => [o.object.id, o.object.revoked, o.object.object_refs])).toEqual([[report.stix.id, true, refs]])
      expect(Date.parse(String(revoked[0]?.object.modified))).toBeGreaterThan(Date.parse(String(report.stix.modified)))
      expect((await ok(DisclosureReport, await call('GET', `${base}/report`, reviewer))).html).toBe(page.body)
      expect((await call('POST', `${base}/withdraw`, reviewer, { reason })).statusCode).toBe(409)
      await expect(sql`update disclosures set status = 'published' where id = ${created.id}`.execute(database().db)).rejects.toThrow(
        /frozen/,
      )
      await expect(sql`delete from disclosures where id = ${created.id}`.execute(database().db)).rejects.toThrow(/frozen/)

      const audit = await sql<{ action: string }>`
        select action from audit_log where target_id = ${created.id} order by seq`.execute(database().db)
      expect(audit.rows.map((r) => r.action)).toEqual([
        'disclose.create',
        'disclose.edit',
        'disclose.submit',
        'disclose.approve',
        'disclose.publish',
        'disclose.withdraw',
      ])
    }, 120_000)

    it('withdraws a draft with a reason, and a withdrawn disclosure is never public', async () => {
      const created = await ok(Disclosure, await call('POST', '/api/v1/disclosures', analyst, draft({ title: 'To withdraw' })), 201)
      const base = `/api/v1/disclosures/${created.id}`
      expect((await call('POST', `${base}/withdraw`, analyst, { reason: '' })).statusCode).toBe(400)
      const withdrawn = await ok(Disclosure, await call('POST', `${base}/withdraw`, reviewer, { reason: 'the takedown is not public yet' }))
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawReason: 'the takedown is not public yet' })
      expect(withdrawn.history.at(-1)).toMatchObject({
        step: 'withdrawn',
        by: reviewer.user.email,
        reason: 'the takedown is not public yet',
      })
      expect((await call('POST', `${base}/submit`, analyst)).statusCode).toBe(409)
      expect((await call('GET', `/disclosures/${created.slug}`, null)).statusCode).toBe(404)
      expect((await call('GET', '/disclosures/no-such-disclosure-1234', null)).statusCode).toBe(404)
    }, 60_000)
  })
})

const z200 = { parse: (v: unknown) => v }
