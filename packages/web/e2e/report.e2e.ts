import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, seriousAxeViolations } from './harness.js'

const cli = new URL('../../cli/dist/main.js', import.meta.url).pathname

// Two rings: A, B, C reshare O1..O3 within seconds; D and E reshare O4, O5 together.
const SHARES = [
  'object_id,account_id,content_id,timestamp_share',
  ...['O1', 'O2', 'O3'].flatMap((o, i) => ['A', 'B', 'C'].map((a, j) => `${o},${a},${o}${a},${1_700_000_000 + i * 1000 + j * 5}`)),
  ...['O4', 'O5'].flatMap((o, i) => ['D', 'E'].map((a, j) => `${o},${a},${o}${a},${1_700_010_000 + i * 1000 + j * 20}`)),
].join('\n')

describe('report.html, as `vigil detect` writes it (issue #16 item 8)', () => {
  let browser: Browser
  let page: Page
  let report: string
  const blocked: string[] = []

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-report-e2e-'))
    await writeFile(join(dir, 'shares.csv'), `${SHARES}\n`)
    // The built CLI, as `npx vigil detect` runs it after `npm ci`.
    await promisify(execFile)(process.execPath, [cli, 'detect', join(dir, 'shares.csv'), '--out', join(dir, 'out')])
    report = join(dir, 'out', 'report.html')
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    // Offline: anything but the file itself is refused, and remembered.
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith('file:')) return route.continue()
      blocked.push(url)
      return route.abort()
    })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('is one file that opens offline and draws the networks with the web UI’s graph', async () => {
    const html = await readFile(report, 'utf8')
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(pathToFileURL(report).href)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Vigil detect: 2 network(s) in 13 posts')
    expect(await page.getByRole('table', { name: 'Networks' }).getByRole('row').count()).toBe(3)

    const graph = page.getByTestId('network-graph').first()
    await expect.poll(() => graph.locator('canvas').count()).toBeGreaterThan(0)
    expect(await page.getByRole('figure').first().textContent()).toContain('5 accounts in 2 networks')
    // Sigma drew the accounts: the graph differs from the same area with its canvases hidden.
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
    // Finding an account centres it; pointing at it there explains it, as in the web UI.
    const search = page.getByRole('form', { name: 'Find an account in the graph' }).first()
    await search.getByLabel('Find an account').fill('D')
    await search.getByRole('button', { name: 'Find' }).click()
    await expect.poll(() => search.getByRole('status').textContent()).toBe('D in network n2')
    const box = await graph.boundingBox()
    if (!box) throw new Error('the graph has no box')
    const hover = page.getByTestId('graph-hover').first()
    let step = 0
    await expect
      .poll(async () => {
        // The camera glides to the account: point at the centre again until sigma reports it.
        step = (step + 1) % 2
        await page.mouse.move(box.x + box.width / 2 + step, box.y + box.height / 2)
        return hover.textContent()
      })
      .toMatch(/^D in network n2, 2 posts/)

    // Choosing the second network shows its evidence, in the UI's one date format.
    await page.getByRole('button', { name: 'n2', exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Network n2: 2 accounts' }).count()).toBe(1)
    expect(await page.getByRole('table', { name: 'Evidence of network n2' }).textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/)
    await screenshot(page, 'report-html')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(errors).toEqual([])
    expect(blocked).toEqual([])
  })
})
