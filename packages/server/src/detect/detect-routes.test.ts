import { randomUUID } from 'node:crypto'
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  Allowlist,
  DetectionRun,
  DetectionRunList,
  IngestResult,
  NetworksFile,
  ObjectPage,
  PublishPreview,
  RunGraph,
  RunNetworkDetail,
  RunNetworkList,
  ServerDumpList,
  TriageDecision,
} from '@vigil/contracts'
import { describeWithShared, GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import { systemActor } from '@vigil/core'
import { createExchangeStore } from '@vigil/storage'
import { describeEachDatabase, readZip, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildDetectTestApp, buildTestApp } from '../test-support/test-app.js'
import { type DetectQueue, uploadsDirOf } from './detect-queue.js'

// The CooRTweet German-elections sample, with the --map its columns need.
const PARAMS = { map: GERMAN_ELECTIONS_MAP, window: 30, minRepeat: 3 }

describeWithShared('detection runs over HTTP', 'data/cib/coortweet/german_elections.csv', (dumpPath) => {
  describeEachDatabase('the whole flow', (database) => {
    const dataDir = join(tmpdir(), `vigil-detect-${randomUUID()}`)
    let app: VigilApp
    let queue: DetectQueue
    let analyst: SeededUser
    let partner: SeededUser
    let outsider: SeededUser
    let collectionId: string

    const get = async <T>(schema: { parse(v: unknown): T }, url: string, as: SeededUser = analyst): Promise<T> => {
      const res = await app.inject({ url, headers: as.headers })
      expect(res.statusCode, res.body).toBe(200)
      return schema.parse(res.json())
    }
    const post = (url: string, payload: unknown, as: SeededUser = analyst) =>
      app.inject({ method: 'POST', url, headers: as.headers, payload: payload as Record<string, unknown> })
    const completed = (id: string): Promise<DetectionRun> =>
      vi.waitFor(
        async () => {
          const run = await get(DetectionRun, `/api/v1/detect/runs/${id}`)
          if (run.status !== 'completed' && run.status !== 'failed') throw new Error(`run ${id} is ${run.status}`)
          return run
        },
        { timeout: 90_000, interval: 100 },
      )

    beforeAll(async () => {
      const identity = testAuthDeps(database())
      ;({ app, queue } = await buildDetectTestApp(database(), identity, dataDir))
      analyst = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
      partner = await seedUser(identity, { roles: ['analyst'], kind: 'civil-society' })
      outsider = await seedUser(identity, { roles: ['analyst'] })
      const exchange = createExchangeStore(database().db)
      const admin = systemActor('test-admin')
      const group = await exchange.createSharingGroup(
        admin,
        { name: `election taskforce ${randomUUID()}`, ownerOrgId: analyst.org.id, memberOrgIds: [analyst.org.id, partner.org.id] },
        new Date(),
      )
      const collection = await exchange.createCollection(
        admin,
        { title: `takedowns ${randomUUID()}`, read: { groupIds: [group.id] }, write: { orgIds: [analyst.org.id] } },
        new Date(),
      )
      collectionId = collection.id
    }, 120_000)

    afterAll(async () => {
      await queue?.stop()
      await app?.close()
    })

    it('uploads the dump, runs it in the background, and keeps it to the organisation', async () => {
      const form = new FormData()
      form.append('params', JSON.stringify(PARAMS))
      form.append('dump', new Blob([await readFile(dumpPath)]), 'german_elections.csv')
      const res = await app.inject({ method: 'POST', url: '/api/v1/detect/runs', headers: analyst.headers, payload: form })
      expect(res.statusCode, res.body).toBe(202)
      const queued = DetectionRun.parse(res.json())
      expect(queued).toMatchObject({ status: 'queued', createdBy: analyst.user.email, files: [{ name: 'german_elections.csv' }] })
      // Content-addressed: the stored file is named by its SHA-256.
      expect(await readdir(uploadsDirOf(dataDir))).toEqual([`${queued.files[0]?.sha256}.csv`])

      const run = await completed(queued.id)
      expect(run).toMatchObject({ status: 'completed', stage: 'done', summary: { run: { rows: 218_971, format: 'generic' } } })
      expect(run.summary?.networks).toBeGreaterThan(1)
      expect((await get(DetectionRunList, '/api/v1/detect/runs')).runs.map((r) => r.id)).toEqual([queued.id])
      expect((await get(DetectionRunList, '/api/v1/detect/runs', outsider)).runs).toEqual([])
      expect((await app.inject({ url: `/api/v1/detect/runs/${queued.id}`, headers: outsider.headers })).statusCode).toBe(404)
      expect((await app.inject({ url: `/api/v1/detect/runs/${queued.id}/networks`, headers: outsider.headers })).statusCode).toBe(404)
    }, 300_000)

    it("exports a run's results as `vigil detect` writes them, to its organisation only", async () => {
      const [run] = (await get(DetectionRunList, '/api/v1/detect/runs')).runs
      const url = `/api/v1/detect/runs/${run?.id}/export`
      expect((await app.inject({ url, headers: outsider.headers })).statusCode).toBe(404)
      const res = await app.inject({ url, headers: analyst.headers })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toBe('application/zip')
      expect(res.headers['content-disposition']).toBe(`attachment; filename="vigil-detect-${run?.id}.zip"`)
      const files = readZip(res.rawPayload)
      const dir = `vigil-detect-${run?.id}`
      const signals = run?.summary?.run.signals ?? []
      expect([...files.keys()].sort()).toEqual(
        [`${dir}/networks.json`, `${dir}/accounts.csv`, `${dir}/report.html`, ...signals.map((s) => `${dir}/edges/${s}.csv`)].sort(),
      )
      const networks = NetworksFile.parse(JSON.parse(files.get(`${dir}/networks.json`)?.toString() ?? ''))
      expect(networks.networks).toHaveLength(run?.summary?.networks ?? -1)
      expect(networks.run).toEqual(run?.summary?.run)
      const accounts = (files.get(`${dir}/accounts.csv`)?.toString() ?? '').trim().split('\n')
      expect(accounts[0]).toBe('account,network,score,signals,posts,coordinated_posts')
      expect(accounts.length - 1).toBe(networks.networks.reduce((n, x) => n + x.members.length, 0))
      // Every edge inside a network, once per signal it carries.
      const edgeRows = signals.flatMap((s) => (files.get(`${dir}/edges/${s}.csv`)?.toString() ?? '').trim().split('\n').slice(1))
      expect(edgeRows.length).toBe(
        networks.networks.reduce((n, x) => n + x.edges.reduce((m, e) => m + Object.keys(e.signals).length, 0), 0),
      )
      expect(files.get(`${dir}/report.html`)?.toString()).toMatch(/^<!doctype html>/i)
    })

    it('lists networks by score, draws the graph, explains a network and audits its triage', async () => {
      const [run] = (await get(DetectionRunList, '/api/v1/detect/runs')).runs
      const { networks } = await get(RunNetworkList, `/api/v1/detect/runs/${run?.id}/networks`)
      expect(networks.length).toBe(run?.summary?.networks)
      expect(networks.map((n) => n.score)).toEqual([...networks.map((n) => n.score)].sort((a, b) => b - a))
      const graph = await get(RunGraph, `/api/v1/detect/runs/${run?.id}/graph?limit=50`)
      expect(graph.edges).toHaveLength(50)
      expect(graph.truncated).toBe(true)
      const top = networks[0]
      const detail = await get(RunNetworkDetail, `/api/v1/detect/runs/${run?.id}/networks/${top?.id}`)
      expect(detail.members).toHaveLength(top?.members ?? 0)
      expect(detail.evidence.length).toBeGreaterThan(0)
      expect(detail.triage).toEqual([])

      const res = await post(`/api/v1/detect/runs/${run?.id}/networks/${top?.id}/triage`, {
        status: 'confirmed',
        note: 'same links in seconds',
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(TriageDecision.parse(res.json())).toMatchObject({ status: 'confirmed', by: analyst.user.email })
      await post(`/api/v1/detect/runs/${run?.id}/networks/${top?.id}/triage`, { status: 'taken-down', note: 'suspended' })
      const after = await get(RunNetworkDetail, `/api/v1/detect/runs/${run?.id}/networks/${top?.id}`)
      expect(after.triage.map((t) => t.status)).toEqual(['taken-down', 'confirmed'])
      expect((await get(RunNetworkList, `/api/v1/detect/runs/${run?.id}/networks`)).networks[0]?.triage?.status).toBe('taken-down')
      const audit = await sql<{ action: string; target_id: string; actor: string }>`
        select action, target_id, actor from audit_log where action = 'detect.network.triage' and target_id = ${`${run?.id}/${top?.id}`}`.execute(
        database().db,
      )
      expect(audit.rows).toHaveLength(2)
      expect(audit.rows[0]?.actor).toBe(`user:${analyst.user.id}`)
      // Another organisation can neither read nor triage it.
      expect(
        (await post(`/api/v1/detect/runs/${run?.id}/networks/${top?.id}/triage`, { status: 'false-positive' }, outsider)).statusCode,
      ).toBe(404)
    })

    it('never flags an allowlisted account again, in a run over a dump named on the server', async () => {
      const [first] = (await get(DetectionRunList, '/api/v1/detect/runs')).runs
      const top = (await get(RunNetworkList, `/api/v1/detect/runs/${first?.id}/networks`)).networks[0]
      const detail = await get(RunNetworkDetail, `/api/v1/detect/runs/${first?.id}/networks/${top?.id}`)
      const account = detail.members[0]?.account ?? ''
      expect((await post('/api/v1/detect/allowlist', { account, note: 'a news outlet' })).statusCode).toBe(201)
      expect((await get(Allowlist, '/api/v1/detect/allowlist')).entries).toMatchObject([{ account, by: analyst.user.email }])
      expect((await get(Allowlist, '/api/v1/detect/allowlist', outsider)).entries).toEqual([])
      const marked = await get(RunNetworkDetail, `/api/v1/detect/runs/${first?.id}/networks/${top?.id}`)
      expect(marked.members.find((m) => m.account === account)?.allowlisted).toBe(true)

      await mkdir(join(dataDir, 'dumps'), { recursive: true })
      await copyFile(dumpPath, join(dataDir, 'dumps', 'german.csv'))
      expect((await get(ServerDumpList, '/api/v1/detect/files')).files).toMatchObject([{ name: 'german.csv' }])
      for (const name of ['../german.csv', '/etc/passwd', 'dumps/german.csv']) {
        const bad = await post('/api/v1/detect/runs', { serverFiles: [name], params: PARAMS })
        expect(bad.statusCode, name).toBe(400)
      }
      expect((await post('/api/v1/detect/runs', { serverFiles: ['absent.csv'], params: PARAMS })).statusCode).toBe(404)
      const res = await post('/api/v1/detect/runs', { serverFiles: ['german.csv'], params: PARAMS })
      expect(res.statusCode, res.body).toBe(202)
      const second = await completed(DetectionRun.parse(res.json()).id)
      expect(second.status).toBe('completed')
      const flagged = await sql<{ n: number }>`
        select count(*)::int as n from detect_members where run_id = ${second.id} and account = ${account}`.execute(database().db)
      expect(flagged.rows[0]?.n).toBe(0)
      const before = await sql<{ n: number }>`
        select count(*)::int as n from detect_members where run_id = ${first?.id ?? ''} and account = ${account}`.execute(database().db)
      expect(before.rows[0]?.n).toBe(1)
      const audit = await sql<{ n: number }>`
        select count(*)::int as n from audit_log where action = 'detect.allowlist.add' and target_id = ${account}`.execute(database().db)
      expect(audit.rows[0]?.n).toBeGreaterThanOrEqual(1)
    }, 300_000)

    it('publishes confirmed networks as STIX, without allowlisted accounts, that the exchange shows by TLP', async () => {
      const [, first] = (await get(DetectionRunList, '/api/v1/detect/runs')).runs
      const networks = (await get(RunNetworkList, `/api/v1/detect/runs/${first?.id}/networks`)).networks
      const runPath = `/api/v1/detect/runs/${first?.id}`
      const publish = (network: string | undefined, tlp: string, as = analyst) =>
        post(`${runPath}/publish`, { networks: [network], collection: collectionId, tlp }, as)
      // The top network is taken down, but an allowlisted account leaves it one account.
      const top = networks[0]
      const emptied = await publish(top?.id, 'green')
      expect(emptied.statusCode).toBe(409)
      expect(emptied.json().error.message).toMatch(/fewer than two accounts once the allowlisted ones are left out/)
      // A larger network, confirmed, with one of its accounts allowlisted; and one never triaged.
      const green = networks.find((n) => n.members >= 3 && n.id !== top?.id)
      const red = networks.find((n) => n.id !== top?.id && n.id !== green?.id)
      const greenDetail = await get(RunNetworkDetail, `${runPath}/networks/${green?.id}`)
      const leftOut = [greenDetail.members[0]?.account ?? '']
      expect((await post('/api/v1/detect/allowlist', { account: leftOut[0], note: 'a regional newspaper' })).statusCode).toBe(201)
      await post(`${runPath}/networks/${green?.id}/triage`, { status: 'confirmed' })
      expect((await publish(red?.id, 'red')).statusCode).toBe(409)
      const allowlisted = (await get(Allowlist, '/api/v1/detect/allowlist')).entries.map((e) => e.account)

      const preview = await post(`${runPath}/publish/preview`, { networks: [green?.id], collection: collectionId, tlp: 'green' })
      expect(preview.statusCode, preview.body).toBe(200)
      expect(PublishPreview.parse(preview.json())).toMatchObject({
        networks: [{ id: green?.id, members: greenDetail.members.length - leftOut.length, leftOut }],
        readers: { everyone: false, orgs: [], groups: [expect.stringMatching(/^election taskforce/)], anonymous: false },
      })
      const g = await publish(green?.id, 'green')
      expect(g.statusCode, g.body).toBe(200)
      expect(IngestResult.parse(g.json())).toMatchObject({ failureCount: 0 })
      await post(`${runPath}/networks/${red?.id}/triage`, { status: 'confirmed' })
      expect(IngestResult.parse((await publish(red?.id, 'red')).json()).failureCount).toBe(0)
      // The partner may not write the collection, and cannot see the run anyway.
      expect((await publish(green?.id, 'green', partner)).statusCode).toBe(404)

      const groupings = async (as: SeededUser) =>
        (await get(ObjectPage, `/api/v1/objects?collection=${collectionId}&type=grouping&limit=1000`, as)).objects.map((o) => o.tlp)
      expect((await groupings(analyst)).sort()).toEqual(['green', 'red'])
      expect(await groupings(partner)).toEqual(['green'])
      expect(await groupings(outsider)).toEqual([])
      const accounts = await get(ObjectPage, `/api/v1/objects?collection=${collectionId}&type=user-account&limit=1000`, partner)
      const ids = accounts.objects.map((o) => o.object.user_id)
      expect(ids.length).toBe(greenDetail.members.length - leftOut.length)
      for (const account of allowlisted) expect(ids).not.toContain(account)

      const after = await get(RunNetworkDetail, `${runPath}/networks/${green?.id}`)
      expect(after.publications).toMatchObject([{ tlp: 'green', by: analyst.user.email, leftOut, collection: collectionId }])
      const listed = (await get(RunNetworkList, `${runPath}/networks`)).networks
      expect(listed.find((n) => n.id === red?.id)?.published?.tlp).toBe('red')
      const audit = await sql<{ n: number }>`
        select count(*)::int as n from audit_log where action = 'detect.network.publish' and target_id = ${first?.id ?? ''}`.execute(
        database().db,
      )
      expect(audit.rows[0]?.n).toBe(2)
    })

    it('documents every route in the OpenAPI document', async () => {
      const doc = (await app.inject({ url: '/api/docs/json' })).json()
      const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/detect/'))
      expect(paths.sort()).toEqual([
        '/api/v1/detect/allowlist',
        '/api/v1/detect/allowlist/{account}',
        '/api/v1/detect/files',
        '/api/v1/detect/runs',
        '/api/v1/detect/runs/{id}',
        '/api/v1/detect/runs/{id}/export',
        '/api/v1/detect/runs/{id}/graph',
        '/api/v1/detect/runs/{id}/networks',
        '/api/v1/detect/runs/{id}/networks/{networkId}',
        '/api/v1/detect/runs/{id}/networks/{networkId}/triage',
        '/api/v1/detect/runs/{id}/publish',
        '/api/v1/detect/runs/{id}/publish/preview',
        '/api/v1/detect/runs/{id}/rerun',
      ])
      expect(doc.paths['/api/v1/detect/runs/{id}/networks/{networkId}/triage'].post.requestBody).toBeDefined()
      expect(doc.paths['/api/v1/detect/runs/{id}'].get.responses['200']).toBeDefined()
    })

    it('refuses what it must', async () => {
      expect((await post('/api/v1/detect/runs', { serverFiles: ['german.csv'], params: { window: -1 } })).statusCode).toBe(400)
      expect((await app.inject({ url: '/api/v1/detect/runs', headers: {} })).statusCode).toBe(401)
      const form = new FormData()
      form.append('dump', new Blob(['x'.repeat(2048)]), 'big.csv')
      const small = await buildTestApp(database(), {
        identity: testAuthDeps(database()),
        env: { VIGIL_DATA_DIR: dataDir, VIGIL_DETECT_UPLOAD_LIMIT: '1024' },
        detectQueue: queue,
      })
      try {
        const res = await small.inject({ method: 'POST', url: '/api/v1/detect/runs', headers: analyst.headers, payload: form })
        expect(res.statusCode, res.body).toBe(413)
      } finally {
        await small.close()
      }
    })

    it('takes dumps larger than the body limit, up to the upload limit', async () => {
      const tight = await buildTestApp(database(), {
        identity: testAuthDeps(database()),
        env: { VIGIL_DATA_DIR: dataDir, VIGIL_BODY_LIMIT: '1024' },
        detectQueue: queue,
      })
      try {
        const lines = Array.from({ length: 200 }, (_, i) => `a${i % 7},${i},u${i % 3},,,,${1629589000 + i}`)
        const form = new FormData()
        form.append('params', JSON.stringify(PARAMS))
        form.append(
          'dump',
          new Blob([`account_id,post_id,url_id,hashtag_id,domain_id,phash_id,timestamp\n${lines.join('\n')}\n`]),
          'small.csv',
        )
        const res = await tight.inject({ method: 'POST', url: '/api/v1/detect/runs', headers: analyst.headers, payload: form })
        expect(res.statusCode, res.body).toBe(202)
        expect(DetectionRun.parse(res.json()).files[0]?.size).toBeGreaterThan(1024)
        expect((await completed(DetectionRun.parse(res.json()).id)).status).toBe('completed')
      } finally {
        await tight.close()
      }
    })
  })
})
