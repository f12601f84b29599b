import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  type SeedUser,
  screenshot,
  seriousAxeViolations,
  seriousViolationsAtPhoneWidth,
  signInAs,
  startVigil,
  type VigilProcess,
} from './harness.js'

const analyst: SeedUser = {
  org: 'Example Lab',
  kind: 'civil-society',
  email: 'lab@lab.example',
  password: 'open sesame 2026',
  roles: ['analyst'],
}

describe('the transparency report page', () => {
  let vigil: VigilProcess
  let browser: Browser
  beforeAll(async () => {
    const policy = join(await mkdtemp(join(tmpdir(), 'vigil-policy-')), 'policy.json')
    await writeFile(policy, JSON.stringify({ publishedPeriods: ['2026-H1'] }))
    vigil = await startVigil([analyst], { VIGIL_REQUESTS_POLICY: policy })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  it('shows a published period with its CSV download, and says so when a period is not published', async () => {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage()
    await signInAs(page, vigil.url, analyst)
    await page.getByRole('link', { name: 'Transparency' }).click()
    // The published periods are listed as links; the newest is shown first.
    await page.getByRole('navigation', { name: 'Published periods' }).getByRole('link', { name: '2026-H1' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /^2026-H1/ }).count()).toBe(1)
    expect(await page.getByText('No requests were received in this period.').count()).toBe(1)
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    const csv = await (await fetch(`${vigil.url}${href}`)).text()
    expect(csv.split('\n')[0]).toBe(
      'Period Ending,Country,CLDR Territory Code,Legal Process,User Data Requests,Percentage of requests where some data produced,Users/Accounts Specified',
    )
    await screenshot(page, 'transparency')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await seriousViolationsAtPhoneWidth(page, 'transparency')).toEqual([])

    await page.goto(`${vigil.url}/transparency?period=2025-H2`)
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('No published report for 2025-H2.')
  })
})
