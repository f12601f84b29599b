import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  openSectionAs,
  platformAnalyst,
  type SeedUser,
  screenshot,
  seriousAxeViolations,
  startVigil,
  type VigilProcess,
} from './harness.js'

const agencyAnalyst: SeedUser = {
  org: 'Example Agency',
  kind: 'government',
  email: 'analyst@agency.example',
  password: 'agency analyst 2026',
  roles: ['analyst'],
}

// Each side writes its numbers its own way; core's rules (v2) make the shared ones equal.
const agencyLines = ['+44 (0)20 7946 0958', '+1 555 010 0001', '0033 6 12 34 56 78', '+49 30 901820']
const platformLines = ['+442079460958', '+33612345678', '+1 555 010 0002', '+81 3 1234 5678']
const expectedShared = ['+33612345678', '+442079460958']
const normalised = ['+442079460958', '+15550100001', '+33612345678', '+4930901820', '+15550100002', '+81312345678']

/** Every request body and response body a page sent or received, with its method and URL. */
interface Exchange {
  readonly what: string
  readonly body: string
}

function recordNetwork(page: Page, log: Exchange[]): void {
  page.on('request', (request) => {
    const body = request.postData()
    if (body) log.push({ what: `${request.method()} ${request.url()} (request)`, body })
  })
  page.on('response', (response) => {
    const request = response.request()
    // Bodies of redirects are not readable; everything else is recorded.
    if (response.status() >= 300 && response.status() < 400) return
    void response
      .text()
      .then((body) => log.push({ what: `${request.method()} ${response.url()} (response ${response.status()})`, body }))
      .catch(() => {})
  })
}

describe('private matching in the browser, between two organisations', () => {
  let vigil: VigilProcess
  let browser: Browser
  let dir: string
  beforeAll(async () => {
    vigil = await startVigil([agencyAnalyst, platformAnalyst])
    browser = await launchBrowser()
    dir = await mkdtemp(join(tmpdir(), 'vigil-psi-'))
    // Five CLI runs on PGlite before the server starts: slow on the shared 2-core machine.
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  const open = (user: SeedUser): Promise<Page> => openSectionAs(browser, vigil.url, user, 'Matching')

  it('A proposes, B accepts, both run their side in their browser: A sees the intersection, no selector crosses the network in the clear', async () => {
    const agency = await open(agencyAnalyst)
    const platform = await open(platformAnalyst)
    const network: Exchange[] = []
    recordNetwork(agency, network)
    recordNetwork(platform, network)

    // The agency makes its key in the page; the platform makes one, downloads it, reloads
    // (the page forgets it) and loads the file, as it would on another day.
    await agency.getByRole('button', { name: 'Create and register a new key' }).click()
    const agencyFingerprint = (await agency.getByTestId('psi-own-fingerprint').textContent()) ?? ''
    expect(agencyFingerprint).toMatch(/^[0-9a-f]{64}$/)
    await platform.getByRole('button', { name: 'Create and register a new key' }).click()
    const download = platform.waitForEvent('download')
    await platform.getByRole('link', { name: 'Download the key file' }).click()
    const keyFile = join(dir, 'platform-key.json')
    await (await download).saveAs(keyFile)
    const platformFingerprint = (await platform.getByTestId('psi-own-fingerprint').textContent()) ?? ''
    expect(JSON.parse(await readFile(keyFile, 'utf8')).fingerprint).toBe(platformFingerprint)
    await platform.reload()
    await platform.getByLabel('Organisation key file').setInputFiles(keyFile)
    await expect.poll(() => platform.getByTestId('psi-own-fingerprint').textContent()).toBe(platformFingerprint)

    // A proposes.
    const form = agency.getByRole('form', { name: 'Propose a PSI session' })
    await form.getByLabel('Other organisation').selectOption({ label: platformAnalyst.org })
    await form.getByLabel('Purpose').fill('Case 2026-311: phones behind the campaign')
    await form.getByLabel('Selector kind').selectOption('phone')
    await form.getByLabel('Maximum set size').fill('100')
    await form.getByLabel('What they learn').selectOption('cardinality')
    await form.getByLabel('Expires after').fill('24')
    await form.getByRole('button', { name: 'Propose' }).click()
    await expect.poll(() => agency.getByTestId('psi-status').textContent()).toBe('proposed')
    expect(await seriousAxeViolations(agency)).toEqual([])

    // B finds it among its incoming sessions and accepts.
    await platform.getByRole('link', { name: 'Matching' }).click()
    await platform.getByRole('region', { name: 'Incoming' }).getByRole('link', { name: 'Case 2026-311' }).click()
    await platform.getByRole('button', { name: 'Accept' }).click()
    await expect.poll(() => platform.getByTestId('psi-status').textContent()).toBe('accepted')

    // B runs its side (pasted selectors) and waits for A's blinded set.
    const bRun = platform.getByRole('form', { name: 'Run your side' })
    await bRun.getByLabel('fingerprint').fill(agencyFingerprint)
    await bRun.getByLabel('Selectors, one per line').fill(platformLines.join('\n'))
    await bRun.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => platform.getByTestId('psi-progress').textContent()).toContain('waiting for the initiator')

    // A's page sees the acceptance and runs its side from a file.
    const selectorsFile = join(dir, 'agency.txt')
    await writeFile(selectorsFile, `${agencyLines.join('\n')}\n`)
    const aRun = agency.getByRole('form', { name: 'Run your side' })
    await aRun.getByLabel('fingerprint').fill(platformFingerprint)
    await aRun.getByLabel('Or a file of selectors').setInputFiles(selectorsFile)
    await aRun.getByRole('button', { name: 'Run' }).click()

    const shared = agency.getByRole('list', { name: 'Shared selectors' }).getByRole('listitem')
    await expect.poll(() => shared.allTextContents(), { timeout: 60_000 }).toEqual(expectedShared)
    await expect.poll(() => agency.getByTestId('psi-status').textContent()).toBe('completed')
    await expect
      .poll(() => platform.getByRole('region', { name: 'Result' }).textContent(), { timeout: 30_000 })
      .toContain('Intersection size: 2')
    const trail = agency.getByRole('region', { name: 'Audit trail' })
    await expect
      .poll(() => trail.getByRole('row').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('completed')]))
    expect((await trail.getByRole('row').allTextContents()).map((r) => r.split('UTC')[1]?.split(/success|denied/)[0])).toEqual([
      undefined,
      'proposed',
      'accepted',
      'blinded',
      'replied',
      'completed',
    ])
    await screenshot(agency, 'psi-initiator-result')
    await screenshot(platform, 'psi-responder-result')
    expect(await seriousAxeViolations(agency)).toEqual([])

    // The network log: the blinded messages went through it, no selector did, in any form.
    await agency.waitForLoadState('networkidle')
    await platform.waitForLoadState('networkidle')
    const bodies = network.map((e) => `${e.what}\n${e.body}`)
    expect(bodies.some((b) => b.includes('/initiator-message (request)') && b.includes('"blinded"'))).toBe(true)
    expect(bodies.some((b) => b.includes('/responder-message (request)') && b.includes('"doubleBlinded"'))).toBe(true)
    const forms = [...agencyLines, ...platformLines, ...normalised, ...normalised.map((n) => n.slice(1))]
    const leaks = network.filter((e) => forms.some((f) => e.body.includes(f))).map((e) => e.what)
    expect(leaks).toEqual([])
    // Two sign-ins with a second factor, two key pairs and two blinded runs in pure JS: minutes when the machine is busy.
  }, 300_000)

  it('lets B decline a proposal, with a reason A reads in the audit trail', async () => {
    const agency = await open(agencyAnalyst)
    const form = agency.getByRole('form', { name: 'Propose a PSI session' })
    await form.getByLabel('Other organisation').selectOption({ label: platformAnalyst.org })
    await form.getByLabel('Purpose').fill('Case 2026-312: accounts we should not match')
    await form.getByRole('button', { name: 'Propose' }).click()
    await expect.poll(() => agency.getByTestId('psi-status').textContent()).toBe('proposed')

    const platform = await open(platformAnalyst)
    await platform.getByRole('region', { name: 'Incoming' }).getByRole('link', { name: 'Case 2026-312' }).click()
    await platform.getByLabel('Reason to decline').fill('no legal basis for this purpose')
    await platform.getByRole('button', { name: 'Decline' }).click()
    await expect.poll(() => platform.getByTestId('psi-status').textContent()).toBe('declined')

    await expect.poll(() => agency.getByTestId('psi-status').textContent(), { timeout: 20_000 }).toBe('declined')
    await expect.poll(() => agency.getByRole('region', { name: 'Audit trail' }).textContent()).toContain('no legal basis for this purpose')
  }, 180_000)
})
