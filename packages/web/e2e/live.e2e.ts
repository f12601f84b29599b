import { type ChildProcess, spawn } from 'node:child_process'
import { createHmac, randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cli,
  labAnalyst,
  launchBrowser,
  openSectionAs,
  platformAnalyst,
  runVigil,
  type SeedUser,
  screenshot,
  seriousViolationsAtDesktopWidths,
  serveVigil,
  type VigilProcess,
} from './harness.js'

const platform = platformAnalyst
const lab = labAnalyst
/** A third organisation on the instance: it reads the collection, but TLP:AMBER does not name it. */
const agency: SeedUser = {
  org: 'Example Agency',
  kind: 'government',
  email: 'analyst@agency.example',
  password: 'agency analyst pass 1',
  roles: ['analyst'],
}

/**
 * A CooRTweet-format stream: forty organic accounts resharing news hours apart (no network),
 * then a planted burst: five `op-*` accounts resharing the same six posts within 25 s.
 */
function replayedStream(): string {
  const rows = ['object_id,account_id,content_id,timestamp_share']
  const t0 = 1_700_000_000
  for (let u = 1; u <= 40; u++)
    for (let k = 0; k < 3; k++) rows.push(`news-${(u + k) % 10},user-${u},user-${u}-${k},${t0 + u * 900 + k * 86_400}`)
  for (let o = 0; o < 6; o++) for (let a = 1; a <= 5; a++) rows.push(`op-post-${o},op-${a},op-${a}-${o},${t0 + 400_000 + o * 60 + a * 5}`)
  return `${rows.join('\n')}\n`
}
const OPERATION = ['op-1', 'op-2', 'op-3', 'op-4', 'op-5']

interface Delivery {
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

const natsUrl = process.env.VIGIL_TEST_NATS_URL
const databaseUrl = process.env.VIGIL_TEST_DATABASE_URL

// A worker and the server share the store, so this suite runs on PostgreSQL (the embedded store admits one process).
describe.skipIf(!natsUrl || !databaseUrl)('live detection in the browser: a burst raises an alert, a webhook and STIX', () => {
  const dbName = `vigil_e2e_live_${randomUUID().replaceAll('-', '')}`
  const admin = () => new pg.Client({ connectionString: databaseUrl })
  const saved = { ...process.env }
  let dataDir: string
  let vigil: VigilProcess
  let browser: Browser
  let worker: ChildProcess | undefined
  let hook: Server
  let collectionId: string
  let secret: string
  const deliveries: Delivery[] = []
  let delivered: (d: Delivery) => void = () => {}
  const firstDelivery = new Promise<Delivery>((resolve) => {
    delivered = resolve
  })

  beforeAll(async () => {
    const c = admin()
    await c.connect()
    await c.query(`create database ${dbName}`)
    await c.end()
    const url = new URL(databaseUrl ?? '')
    url.pathname = `/${dbName}`
    // Every CLI run and the server below use this store, NATS, and webhooks to 127.0.0.1 retried after 1 s.
    Object.assign(process.env, {
      VIGIL_DATABASE_URL: url.toString(),
      VIGIL_NATS_URL: natsUrl,
      VIGIL_LIVE_WEBHOOK_LOOPBACK: '1',
      VIGIL_LIVE_WEBHOOK_RETRY_SECONDS: '1',
    })
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-live-'))
    await runVigil(dataDir, ['migrate'])
    for (const u of [platform, lab, agency]) {
      await runVigil(dataDir, ['admin', 'org', 'create', '--name', u.org, '--kind', u.kind, '--domain', u.email.split('@')[1] ?? ''])
      const roles = u.roles.flatMap((r) => ['--role', r])
      await runVigil(
        dataDir,
        ['admin', 'user', 'create', '--org', u.org, '--email', u.email, ...roles, '--password-stdin'],
        `${u.password}\n`,
      )
    }
    // Every organisation reads the collection; AMBER narrows that to the one it names.
    const collection = await runVigil(dataDir, [
      'admin',
      'collection',
      'create',
      '--title',
      'Live alerts',
      '--read',
      `all,${lab.org}`,
      '--write',
      platform.org,
      '--json',
    ])
    collectionId = JSON.parse(collection).id
    await runVigil(dataDir, ['live', 'feed', 'create', 'election-day', '--as', platform.email, '--partitions', '2'])
    await runVigil(dataDir, [
      'live',
      'stix',
      '--feed',
      'election-day',
      '--as',
      platform.email,
      '--collection',
      collectionId,
      '--tlp',
      'amber',
    ])
    hook = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => {
        body += String(chunk)
      })
      req.on('end', () => {
        res.statusCode = 204
        res.end()
        const d = { headers: req.headers, body }
        deliveries.push(d)
        delivered(d)
      })
    })
    hook.listen(0, '127.0.0.1')
    await once(hook, 'listening')
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/vigil`
    secret = JSON.parse(
      await runVigil(dataDir, ['live', 'webhook', 'add', hookUrl, '--feed', 'election-day', '--as', platform.email, '--json']),
    ).secret
    vigil = await serveVigil(dataDir)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM')
      await once(worker, 'exit')
    }
    await browser?.close()
    await vigil?.stop()
    hook?.close()
    for (const k of ['VIGIL_DATABASE_URL', 'VIGIL_NATS_URL', 'VIGIL_LIVE_WEBHOOK_LOOPBACK', 'VIGIL_LIVE_WEBHOOK_RETRY_SECONDS']) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
    const c = admin()
    await c.connect()
    await c.query(`drop database if exists ${dbName} with (force)`)
    await c.end()
  })

  let page: Page

  it('shows the feed on the Live page, then the alert of a planted burst as it is raised, with its graph', async () => {
    page = await openSectionAs(browser, vigil.url, platform, 'Live')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Live detection')
    // One section is current: Live, not its parent Detect too.
    expect(await page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]').allTextContents()).toEqual(['Live'])
    await page.getByRole('button', { name: 'election-day' }).waitFor()
    await page.getByText('No alert yet').waitFor()
    await page.getByText('Receiving alerts as they are raised.').waitFor()
    await screenshot(page, 'live-feed-waiting')

    const dump = join(dataDir, 'stream.csv')
    await writeFile(dump, replayedStream())
    await runVigil(dataDir, ['live', 'publish', dump, '--feed', 'election-day', '--as', platform.email])
    worker = spawn(process.execPath, [cli, 'live', 'worker', '--feed', 'election-day', '--org', platform.org, '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let workerErr = ''
    worker.stderr?.on('data', (c) => {
      workerErr += String(c)
    })

    // Pushed by Server-Sent Events: the page is never reloaded.
    const alert = page.getByRole('list', { name: 'Alerts' }).getByRole('listitem').first()
    await alert.waitFor({ timeout: 180_000 }).catch((err) => {
      throw new Error(`${err}\nworker: ${workerErr}`)
    })
    expect(await alert.textContent()).toContain('New network of 5 accounts')
    for (const a of OPERATION) expect(await alert.textContent()).toContain(a)
    await page.locator('.graph-canvas canvas').first().waitFor()
    expect(await page.getByText('5 accounts in 1 networks').count()).toBe(1)
    await expect.poll(() => page.getByRole('row', { name: /election-day/ }).textContent()).toMatch(/\d+ messages/)
    // The feed's partitions, held by the live worker, which said its id on stderr.
    const id = /^live worker (\S+) on feed/m.exec(workerErr)?.[1] ?? 'no id'
    const partitions = page.getByRole('region', { name: 'Partitions' })
    await partitions.getByText(`Workers: ${id}.`).waitFor()
    await expect.poll(() => partitions.getByRole('row', { name: new RegExp(`messages ${id} \\d+ by ${id}`) }).count()).toBeGreaterThan(0)
    expect(await seriousViolationsAtDesktopWidths(page, 'live-alert')).toEqual([])
    await screenshot(page, 'live-alert')
  }, 300_000)

  it('delivers the alert to the webhook, signed over its timestamp and body with the secret shown at registration', async () => {
    const d = await firstDelivery
    const timestamp = String(d.headers['x-vigil-timestamp'])
    const want = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${d.body}`).digest('hex')}`
    expect(d.headers['x-vigil-signature']).toBe(want)
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(600)
    const payload = JSON.parse(d.body)
    expect(payload).toMatchObject({ type: 'vigil.live.alert', feed: 'election-day', alert: { kind: 'new' } })
    expect([...payload.alert.network.members].sort()).toEqual(OPERATION)
    // The Live page lists the attempt, as the audit log recorded it.
    const row = page.getByRole('region', { name: 'Webhook deliveries' }).getByRole('row', { name: /delivered \(HTTP 204\)/ })
    await row.first().waitFor({ timeout: 30_000 })
    expect(await row.first().textContent()).toContain(String(payload.alert.id))
  }, 120_000)

  it('publishes the network as STIX at TLP:AMBER: the partner the collection names reads it, no other organisation does', async () => {
    const accounts = async (as?: SeedUser) => {
      const out = await runVigil(dataDir, ['export', '--collection', collectionId, ...(as ? ['--as', as.email] : [])])
      const objects = JSON.parse(out).objects as { type: string; user_id?: string }[]
      return objects
        .filter((o) => o.type === 'user-account')
        .map((o) => o.user_id)
        .sort()
    }
    await expect.poll(() => accounts(lab), { timeout: 120_000, interval: 1000 }).toEqual(OPERATION)
    expect(await accounts(platform)).toEqual(OPERATION)
    expect(await accounts(agency)).toEqual([])
    expect(await accounts()).toEqual([])
  }, 180_000)
})
