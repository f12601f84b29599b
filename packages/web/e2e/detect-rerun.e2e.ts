import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  openSectionAs,
  platformAnalyst,
  screenshot,
  seriousAxeViolations,
  startVigil,
  type VigilProcess,
} from './harness.js'

/** A generic dump (columns only a mapping explains): four `op-*` accounts resharing six posts within 20 s. */
function genericDump(): string {
  const rows = ['user,posted,shared_post']
  const t0 = 1_700_000_000
  for (let o = 0; o < 6; o++) for (let a = 1; a <= 4; a++) rows.push(`op-${a},${t0 + o * 7200 + a * 5},post-${o}`)
  for (let u = 1; u < 30; u++) for (let k = 0; k < 3; k++) rows.push(`user-${u},${t0 + u * 900 + k * 86_400},news-${(u + k) % 10}`)
  return `${rows.join('\n')}\n`
}

describe('a failed run, edited and run again from the browser', () => {
  let vigil: VigilProcess
  let browser: Browser
  let dumpPath: string

  beforeAll(async () => {
    vigil = await startVigil([platformAnalyst])
    browser = await launchBrowser()
    dumpPath = join(await mkdtemp(join(tmpdir(), 'vigil-dump-')), 'generic.csv')
    await writeFile(dumpPath, genericDump())
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  it('shows why a run failed, opens the form with its parameters and dump, and the new run completes', async () => {
    const page = await openSectionAs(browser, vigil.url, platformAnalyst, 'Detect')
    const form = page.getByRole('form', { name: 'New detection run' })
    await form.getByLabel('Dump files').setInputFiles(dumpPath)
    await form.getByLabel('Time window (seconds)').fill('90')
    // A mapping that names a column the dump lacks: the job fails at once, a user error.
    await form.getByLabel('Column mapping').fill('account=user, time=when, reshare_of=shared_post')
    await form.getByRole('button', { name: 'Start run' }).click()
    await page.waitForURL(/\/detect\/runs\/[0-9a-f-]+$/)
    const failedUrl = page.url()
    const failure = page.getByRole('alert').filter({ hasText: 'The run failed' })
    await failure.waitFor({ timeout: 60_000 })
    expect(await failure.textContent()).toContain('when')

    await page.getByRole('link', { name: 'Edit and re-run' }).click()
    await page.waitForURL(/\/rerun$/)
    const again = page.getByRole('form', { name: 'Edit and re-run' })
    await again.waitFor()
    expect(await page.getByRole('alert').filter({ hasText: 'The run failed' }).textContent()).toContain('when')
    // The failed run's parameters and its dump, still kept: nothing to upload again.
    expect(await again.getByLabel('Time window (seconds)').inputValue()).toBe('90')
    expect(await again.getByLabel('Column mapping').inputValue()).toBe('account=user, time=when, reshare_of=shared_post')
    expect(await again.textContent()).toContain('still kept on the server: generic.csv')
    expect(await again.getByLabel('Dump files').count()).toBe(0)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'detect-rerun')

    await again.getByLabel('Column mapping').fill('account=user, time=posted, reshare_of=shared_post')
    await again.getByRole('button', { name: 'Start the new run' }).click()
    await page.waitForURL((url) => /\/detect\/runs\/[0-9a-f-]+$/.test(url.pathname) && url.href !== failedUrl)
    const status = page.getByRole('status').filter({ hasText: /completed|failed/ })
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toContain('completed')
    const rows = page.getByRole('table', { name: /^Networks, sorted by/ }).getByRole('row')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await page.getByText('window 90 s').count()).toBe(1)

    // The failed run stays as it was; both are in the list.
    await page.goto(failedUrl)
    await page.getByRole('alert').filter({ hasText: 'The run failed' }).waitFor()
  })
})
