import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  labAnalyst,
  launchBrowser,
  openSectionAs,
  PHONE,
  platformAnalyst,
  runVigil,
  type SeedUser,
  screenshot,
  seriousAxeViolations,
  seriousViolationsAtDesktopWidths,
  seriousViolationsAtPhoneWidth,
  signInAs,
  startVigil,
  type VigilProcess,
} from './harness.js'

const platform = platformAnalyst
const lab = labAnalyst

/**
 * A CooRTweet-format dump with two planted networks: five `op-*` accounts resharing the
 * same six posts within 25 s of each other, and three `ring-*` accounts doing the same
 * with four posts; forty organic accounts reshare posts hours apart and form no network.
 */
function plantedDump(): string {
  const rows = ['object_id,account_id,content_id,timestamp_share']
  const t0 = 1_700_000_000
  for (let o = 0; o < 6; o++) for (let a = 1; a <= 5; a++) rows.push(`op-post-${o},op-${a},op-${a}-${o},${t0 + o * 7200 + a * 5}`)
  for (let o = 0; o < 4; o++)
    for (const a of ['a', 'b', 'c']) rows.push(`ring-post-${o},ring-${a},ring-${a}-${o},${t0 + 3600 + o * 7200 + a.charCodeAt(0)}`)
  for (let u = 1; u <= 40; u++)
    for (let k = 0; k < 3; k++) rows.push(`news-${(u + k) % 10},user-${u},user-${u}-${k},${t0 + u * 900 + k * 86_400}`)
  return `${rows.join('\n')}\n`
}

describe('detection in the browser: run, triage, publish, and who sees it', () => {
  let vigil: VigilProcess
  let browser: Browser
  let dumpPath: string
  let runUrl: string

  beforeAll(async () => {
    vigil = await startVigil([platform, lab], {}, async (dataDir) => {
      await runVigil(dataDir, ['admin', 'collection', 'create', '--title', 'Election tips', '--read', 'all', '--write', platform.org])
      // The operator's dump directory (VIGIL_DETECT_DIR, by default <data dir>/dumps).
      await mkdir(join(dataDir, 'dumps'))
      await writeFile(join(dataDir, 'dumps', 'planted-on-server.csv'), plantedDump())
    })
    browser = await launchBrowser()
    dumpPath = join(await mkdtemp(join(tmpdir(), 'vigil-dump-')), 'planted.csv')
    await writeFile(dumpPath, plantedDump())
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  const openDetect = (user: SeedUser): Promise<Page> => openSectionAs(browser, vigil.url, user, 'Detect')
  const openRun = async (): Promise<Page> => {
    const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } })).newPage()
    await signInAs(page, vigil.url, platform)
    await page.goto(runUrl)
    return page
  }
  /** Opens the network of the run whose accounts number `members`. */
  const openNetworkOf = async (page: Page, members: number): Promise<void> => {
    const row = (await networkColumn(page, 'Accounts')).indexOf(String(members))
    if (row < 0) throw new Error(`no network of ${members} accounts`)
    await networkRows(page)
      .nth(row + 1)
      .getByRole('link')
      .click()
  }

  it('uploads a dump, shows the run progressing to completion, and draws its networks', async () => {
    const page = await openDetect(platform)
    await page.getByText('No run yet').waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await seriousViolationsAtPhoneWidth(page, 'detect')).toEqual([])
    await screenshot(page, 'detect')

    // The planted dump takes the server a moment: hold its first answers at the window join
    // stage, as a large dump would be, to see the page poll and show progress.
    let heldAnswers = 3
    await page.route(/\/api\/v1\/detect\/runs\/[0-9a-f-]+$/, async (route) => {
      const response = await route.fetch()
      if (heldAnswers-- <= 0) return route.fulfill({ response })
      const run = { ...(await response.json()), status: 'running', stage: 'window join', stageIndex: 2 }
      delete run.summary
      delete run.finishedAt
      return route.fulfill({ response, json: run })
    })
    const form = page.getByRole('form', { name: 'New detection run' })
    await form.getByLabel('Dump files').setInputFiles(dumpPath)
    await form.getByLabel('Time window (seconds)').fill('60')
    await form.getByRole('button', { name: 'Start run' }).click()
    await page.waitForURL(/\/detect\/runs\/[0-9a-f-]+$/)
    runUrl = page.url()
    const progress = page.getByRole('progressbar', { name: /^Progress: window join \(3 of \d+\)$/ })
    await progress.waitFor()
    expect(await progress.getAttribute('value')).toBe('2')
    await screenshot(page, 'detect-run-progress')
    await waitForCompletion(page)
    expect(await progress.count()).toBe(0)

    const cells = (header: string) => networkColumn(page, header)
    const scores = (await cells('Score')).map(Number)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect((await cells('Accounts')).sort()).toEqual(['3', '5'])
    // Sorting by accounts, from the keyboard, puts the larger network first.
    await page.getByRole('button', { name: 'Accounts' }).focus()
    await page.keyboard.press('Enter')
    expect(await cells('Accounts')).toEqual(['5', '3'])
    expect(await page.getByRole('columnheader', { name: /Accounts/ }).getAttribute('aria-sort')).toBe('descending')

    const graph = page.getByTestId('network-graph')
    await graph.waitFor()
    await expect.poll(() => graph.locator('canvas').count()).toBeGreaterThan(0)
    // WebGL drew something: the graph comes to differ from the same area with its canvases hidden.
    const setCanvasVisibility = (visibility: string) =>
      graph.evaluate((el, v) => {
        el.querySelectorAll('canvas').forEach((c) => {
          c.style.visibility = v
        })
      }, visibility)
    await setCanvasVisibility('hidden')
    const blank = await graph.screenshot()
    await setCanvasVisibility('')
    await expect.poll(async () => (await graph.screenshot()).equals(blank)).toBe(false)
    expect(await page.getByRole('list', { name: 'Link colours by signal' }).textContent()).toContain('co-reshare')
    expect(await page.getByRole('figure').textContent()).toContain('8 accounts in 2 networks')

    // Hovering an account explains it (sigma picks nodes through WebGL too).
    const box = await graph.boundingBox()
    if (!box) throw new Error('the graph has no box')
    const hover = page.getByTestId('graph-hover')
    const points: [number, number][] = []
    for (let x = 4; x < box.width; x += 8) for (let y = 4; y < box.height; y += 8) points.push([x, y])
    points.sort((p, q) => Math.hypot(p[0] - box.width / 2, p[1] - box.height / 2) - Math.hypot(q[0] - box.width / 2, q[1] - box.height / 2))
    for (const [x, y] of points) {
      await page.mouse.move(box.x + x, box.y + y)
      if ((await hover.textContent())?.includes('in network')) break
    }
    expect(await hover.textContent()).toMatch(/in network n\d+, \d+ posts/)

    // Finding an account marks it and names its network; each network has its colour in a legend.
    const search = page.getByRole('form', { name: 'Find an account in the graph' })
    await search.getByLabel('Find an account').fill('OP-3')
    await search.getByRole('button', { name: 'Find' }).click()
    await expect.poll(() => search.getByRole('status').textContent()).toMatch(/^op-3 in network n\d+$/)
    await search.getByLabel('Find an account').fill('nobody')
    await search.getByRole('button', { name: 'Find' }).click()
    await expect.poll(() => search.getByRole('status').textContent()).toBe('No account in this graph matches “nobody”.')
    expect(await page.getByRole('list', { name: 'Networks (2)' }).getByRole('button').allTextContents()).toEqual([
      expect.stringMatching(/^n\d+ \(5\)$/),
      expect.stringMatching(/^n\d+ \(3\)$/),
    ])
    // Links are filtered by signal: hiding co-reshare leaves the graph without links.
    const reshare = page.getByRole('checkbox', { name: 'co-reshare' })
    await reshare.uncheck()
    expect(await reshare.isChecked()).toBe(false)
    await reshare.check()
    // The table filters by network, label or signal, and says how many match.
    const biggest = (await networkColumn(page, 'Network'))[(await networkColumn(page, 'Accounts')).indexOf('5')] ?? ''
    await page.getByLabel('Network, label or signal').fill(biggest)
    await expect.poll(() => networkRows(page).count()).toBe(2)
    expect(await page.getByRole('navigation', { name: 'Pages of networks' }).textContent()).toContain('Networks 1–1 of 1 (2 in the run)')
    await page.getByLabel('Network, label or signal').fill('')
    await screenshot(page, 'detect-run')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await seriousViolationsAtDesktopWidths(page, 'detect-run')).toEqual([])

    expect(await seriousViolationsAtPhoneWidth(page, 'detect-run')).toEqual([])
    await page.setViewportSize(PHONE)
    expect((await graph.boundingBox())?.width).toBeLessThan(PHONE.width)
    await page.context().close()
  })

  it('opens the top network, triages it, allowlists an account and publishes it as GREEN', async () => {
    const page = await openRun()
    await openNetworkOf(page, 5)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Network n\d+$/)
    const members = page.getByRole('table').filter({ hasText: 'Coordinated posts' })
    await expect.poll(() => members.getByRole('row').count()).toBe(6)
    expect(await members.textContent()).toContain('op-1')
    const evidence = page.getByRole('table').filter({ hasText: 'First posted' })
    expect(await evidence.textContent()).toContain('op-post-0')
    expect(await evidence.textContent()).toMatch(/2023-11-14 22:13:\d\d UTC/)

    // The network's own graph and its co-posting timeline come first; each measure says what it measures.
    await expect.poll(() => page.getByRole('figure', { name: /^5 accounts in 1 network, \d+ links/ }).count()).toBe(1)
    expect(await page.getByRole('figure', { name: /^Co-posting timeline: all \d+ shared objects/ }).count()).toBe(1)
    expect(await page.getByRole('row', { name: /^Time tightness/ }).textContent()).toContain('the run’s time window')
    expect(await page.getByRole('row', { name: /^Coordinated share of posts/ }).textContent()).toContain('another member posted too')

    const triage = page.getByRole('form', { name: 'Triage this network' })
    // Triage stays in view at the foot of the page, beside the evidence.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
    const box = await triage.boundingBox()
    expect(box?.y).toBeGreaterThanOrEqual(0)
    expect(box?.y).toBeLessThan(1000)
    await triage.getByLabel('Confirmed coordinated').check()
    await triage.getByLabel('Note').fill('five accounts, six posts, seconds apart')
    await triage.getByRole('button', { name: 'Record verdict' }).click()
    await expect
      .poll(() => page.getByRole('list', { name: 'Triage history' }).textContent())
      .toContain(`Confirmed coordinated by ${platform.email}`)

    await page.getByRole('button', { name: 'Allowlist op-5' }).click()
    const allow = page.getByRole('form', { name: 'Allowlist op-5' })
    await allow.getByLabel('Why is op-5 authentic?').fill('a newsroom’s own account')
    await allow.getByRole('button', { name: 'Add to allowlist' }).click()
    await expect.poll(() => members.getByRole('row', { name: /op-5/ }).textContent()).toContain('allowlisted')
    await screenshot(page, 'detect-network')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await seriousViolationsAtDesktopWidths(page, 'detect-network')).toEqual([])
    expect(await seriousViolationsAtPhoneWidth(page, 'detect-network')).toEqual([])

    await publish(page, 'green', 'Publish network', ['4 accounts, without the allowlisted op-5'])
    // After a reload the network keeps what was published, and the TLP control where it was left.
    await page.reload()
    const history = page.getByRole('list', { name: 'Publication history' })
    await expect
      .poll(() => history.textContent())
      .toMatch(/TLP:GREEN into “Election tips” by .+: \d+ STIX objects, without the allowlisted op-5/)
    expect(await page.getByLabel('TLP').inputValue()).toBe('green')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('runs again on the dump on the server and no longer flags the allowlisted account', async () => {
    const page = await openDetect(platform)
    const form = page.getByRole('form', { name: 'New detection run' })
    await form.getByLabel('Files on the server').check()
    await form.getByLabel(/planted-on-server\.csv/).check()
    await form.getByLabel('co-reshare').check()
    await form.getByRole('button', { name: 'Start run' }).click()
    await page.waitForURL((url) => url.pathname.startsWith('/detect/runs/') && url.href !== runUrl)
    await waitForCompletion(page)
    expect(await page.getByText('signals co-reshare').count()).toBe(1)
    expect((await networkColumn(page, 'Accounts')).sort()).toEqual(['3', '4'])
    await page.getByRole('link', { name: 'Detect' }).click()
    await expect.poll(() => page.getByRole('table').filter({ hasText: 'Dumps' }).getByRole('row').count()).toBe(3)
    await page.context().close()
  })

  it('says why a run failed', async () => {
    const page = await openDetect(platform)
    const junk = join(dumpPath, '..', 'notes.csv')
    await writeFile(junk, 'title,body\nminutes,of a meeting\n')
    const form = page.getByRole('form', { name: 'New detection run' })
    await form.getByLabel('Dump files').setInputFiles(junk)
    await form.getByLabel(/Column mapping/).fill('author=title')
    await form.getByRole('button', { name: 'Start run' }).click()
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Column mapping: "author=title" is not field=column/)
    await form.getByLabel(/Column mapping/).fill('')
    await form.getByRole('button', { name: 'Start run' }).click()
    await page.waitForURL((url) => url.pathname.startsWith('/detect/runs/') && url.href !== runUrl)
    const status = page.getByRole('status').filter({ hasText: /completed|failed/ })
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain('failed')
    expect(await page.getByRole('alert').textContent()).toMatch(/^The run failed: .+/)
    expect(await page.getByRole('table', { name: /^Networks/ }).count()).toBe(0)
    await page.context().close()
  })

  it('publishes the other network as RED once it is confirmed, never before', async () => {
    const page = await openRun()
    const triage = await networkColumn(page, 'Triage')
    expect(triage).toContain('confirmed')
    expect((await networkColumn(page, 'Published'))[triage.indexOf('confirmed')]).toMatch(/^TLP:GREEN \d{4}-\d\d-\d\d/)
    // The untriaged network cannot be chosen for bulk publishing.
    const boxes = page.getByRole('checkbox', { name: /^Choose n\d+$/ })
    expect(await Promise.all((await boxes.all()).map((b) => b.isDisabled()))).toEqual(triage.map((t) => t !== 'confirmed'))
    await openNetworkOf(page, 3)
    await expect.poll(() => page.getByRole('table').filter({ hasText: 'Coordinated posts' }).getByRole('row').count()).toBe(4)
    expect(await page.getByRole('form', { name: 'Publish as STIX' }).count()).toBe(0)
    expect(await page.getByText('Publishing opens once the network is triaged').count()).toBe(1)
    const form = page.getByRole('form', { name: 'Triage this network' })
    await form.getByLabel('Taken down').check()
    await form.getByRole('button', { name: 'Record verdict' }).click()
    await publish(page, 'red')
    await page.goto(`${vigil.url}/detect`)
    await expect.poll(() => page.getByRole('table').filter({ hasText: 'op-5' }).textContent()).toContain('a newsroom’s own account')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('shows another organisation the GREEN network and nothing of the RED one', async () => {
    const page = await openSectionAs(browser, vigil.url, lab, 'Exchange')
    await page.getByLabel('Type').fill('grouping')
    await page.getByRole('button', { name: 'Search' }).click()
    const green = page.getByRole('row', { name: /Coordinated network n\d+ \(4 accounts\)/ })
    await expect.poll(() => green.textContent()).toContain('TLP:GREEN')
    expect(await page.getByText(/Coordinated network n\d+ \(3 accounts\)/).count()).toBe(0)
    // The account the analyst marked authentic is nowhere in what the partner reads.
    await page.getByLabel('Type').fill('user-account')
    await page.getByRole('button', { name: 'Search' }).click()
    const accounts = page.getByRole('row', { name: /op-\d/ })
    await expect.poll(() => accounts.count()).toBe(4)
    expect((await accounts.allTextContents()).join(' ')).not.toContain('op-5')
    await screenshot(page, 'exchange-partner-accounts')
    await page.context().close()
  })

  it("downloads the run's results as a zip", async () => {
    const page = await openRun()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the results' }).click()])
    expect(download.suggestedFilename()).toMatch(/^vigil-detect-[0-9a-f-]{36}\.zip$/)
    const zip = await readFile((await download.path()) ?? '')
    expect(zip.subarray(0, 2).toString()).toBe('PK')
    expect(zip.toString('latin1')).toContain('networks.json')
    await page.context().close()
  })

  it('publishes the networks chosen in the run table together', async () => {
    const page = await openRun()
    await expect.poll(() => networkRows(page).count()).toBe(3)
    expect(await page.getByRole('form', { name: 'Publish as STIX' }).count()).toBe(0)
    for (const box of await page.getByRole('checkbox', { name: /^Choose n\d+$/ }).all()) await box.check()
    // The chosen networks and their publishing stay in view while the page scrolls.
    const bar = page.getByRole('region', { name: 'Chosen networks' })
    await expect.poll(() => bar.textContent()).toMatch(/^2 networks chosen: n\d+, n\d+/)
    await page.evaluate(() => window.scrollTo(0, 0))
    // Scrolled to the top, the bar's summary of the choice is still on screen (viewport 1000 px).
    const barBox = await bar.boundingBox()
    const chosenLine = await bar.getByText(/networks chosen/).boundingBox()
    expect(barBox?.y).toBeGreaterThan(0)
    expect((chosenLine?.y ?? 0) + (chosenLine?.height ?? 0)).toBeLessThanOrEqual(1000)
    await publish(page, 'amber', 'Publish 2 networks')
    expect(await seriousAxeViolations(page)).toEqual([])
    // Both networks' groupings are now AMBER in the exchange (their newest versions).
    await page.getByRole('link', { name: 'Exchange' }).click()
    await page.getByLabel('Type').fill('grouping')
    await page.getByRole('button', { name: 'Search' }).click()
    const groupings = page.getByRole('row', { name: /Coordinated network n\d+ \(\d accounts\)/ })
    await expect.poll(() => groupings.count()).toBe(2)
    expect(await groupings.allTextContents()).toEqual([expect.stringContaining('TLP:AMBER'), expect.stringContaining('TLP:AMBER')])
    await page.context().close()
  })
})

/**
 * Publishes the open network (or the chosen ones, with their button) to the one writable
 * collection under `tlp`: reviews the summary (expecting each of `summary` in it), confirms
 * at CLEAR and GREEN, and publishes.
 */
async function publish(page: Page, tlp: 'green' | 'amber' | 'red', button = 'Publish network', summary: string[] = []): Promise<void> {
  const form = page.getByRole('form', { name: 'Publish as STIX' })
  await form.getByLabel('Collection').selectOption({ label: 'Election tips' })
  await form.getByLabel('TLP').selectOption(tlp)
  expect(await form.textContent()).toContain(`TLP:${tlp.toUpperCase()}`)
  await form.getByRole('button', { name: /^Review before publishing/ }).click()
  const review = page.getByRole('region', { name: 'What will be published' })
  await expect.poll(() => review.textContent()).toContain('Who will read it:')
  for (const text of summary) expect(await review.textContent()).toContain(text)
  const go = review.getByRole('button', { name: button })
  if (tlp === 'green') {
    expect(await review.textContent()).toContain('Every organisation on this instance')
    expect(await go.isDisabled()).toBe(true)
    await review.getByLabel(/I confirm these accounts may be named/).check()
  }
  expect(await seriousAxeViolations(page)).toEqual([])
  await screenshot(page, `detect-publish-${tlp}`)
  await go.click()
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: 'Published' }).textContent())
    .toMatch(/stored (\d+) of \1 STIX objects/)
}

/** Waits until the open run page says the run completed (a failed run fails the test). */
async function waitForCompletion(page: Page): Promise<void> {
  const status = page.getByRole('status').filter({ hasText: /completed|failed/ })
  await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain('completed')
}

const networkRows = (page: Page) => page.getByRole('table', { name: /^Networks, sorted by/ }).getByRole('row')

/** The column under `header` of the run's table of its two networks, top to bottom. */
async function networkColumn(page: Page, header: string): Promise<(string | null)[]> {
  await expect.poll(() => networkRows(page).count()).toBe(3)
  const column = (await networkRows(page).first().getByRole('columnheader').allTextContents()).findIndex((h) => h.startsWith(header))
  return Promise.all((await networkRows(page).all()).slice(1).map((r) => r.getByRole('cell').nth(column).textContent()))
}
