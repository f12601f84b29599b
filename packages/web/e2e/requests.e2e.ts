import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  openSectionAs,
  runVigil,
  type SeedUser,
  screenshot,
  seriousAxeViolations,
  seriousViolationsAtPhoneWidth,
  startVigil,
  type VigilProcess,
} from './harness.js'

const AGENCY = 'Federal Bureau of Investigation'
const requester: SeedUser = {
  org: AGENCY,
  kind: 'government',
  email: 'agent@fbi.example',
  password: 'requester pass 2026',
  roles: ['requester'],
}
const reviewer: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'legal@platform.example',
  password: 'reviewer pass 2026',
  roles: ['reviewer'],
}
/** A reviewer of another platform: no party to the request. */
const otherReviewer: SeedUser = {
  org: 'Other Platform',
  kind: 'platform',
  email: 'legal@other.example',
  password: 'other reviewer 2026',
  roles: ['reviewer'],
}
const now = new Date()
/** The half-year the requests of this run are received in, published so the report shows them. */
const CURRENT_HALF = `${now.getUTCFullYear()}-H${now.getUTCMonth() < 6 ? 1 : 2}`
const accounts = fileURLToPath(new URL('../../../docs/examples/accounts.ndjson', import.meta.url))

describe('a data request from the requester to disclosure, in the browser', () => {
  let vigil: VigilProcess
  let browser: Browser
  let pdf: string
  beforeAll(async () => {
    const policy = join(await mkdtemp(join(tmpdir(), 'vigil-policy-')), 'policy.json')
    await writeFile(policy, JSON.stringify({ publishedPeriods: [CURRENT_HALF] }))
    vigil = await startVigil([requester, reviewer, otherReviewer], { VIGIL_REQUESTS_POLICY: policy }, async (dataDir) => {
      await runVigil(dataDir, [
        'requests',
        'agency-add',
        '--name',
        AGENCY,
        '--country',
        'US',
        '--domain',
        'fbi.example',
        '--phone',
        '+1 202 324 3000',
      ])
      await runVigil(dataDir, ['requests', 'import-accounts', accounts])
    })
    browser = await launchBrowser()
    pdf = join(await mkdtemp(join(tmpdir(), 'vigil-order-')), 'order.pdf')
    await writeFile(pdf, '%PDF-1.7\n% a signed 2703(d) order\n%%EOF\n')
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  const open = (user: SeedUser): Promise<Page> => openSectionAs(browser, vigil.url, user, 'Requests')
  /** The review step: the summary of what will be sent, then Submit. */
  const reviewAndSubmit = async (page: Page) => {
    await page.getByRole('form', { name: 'New data request' }).getByRole('button', { name: 'Review request' }).click()
    await page.getByRole('region', { name: 'Check the request before sending' }).getByRole('button', { name: 'Submit request' }).click()
  }

  it('lets a verified requester submit a court order and shows the automated assessment', async () => {
    const page = await open(requester)
    const form = page.getByRole('form', { name: 'New data request' })
    // The agency and the address come from the requester's verified organisation.
    await expect.poll(() => form.getByLabel('Agency').inputValue()).toBe(AGENCY)
    expect(await form.getByLabel("Official's e-mail").inputValue()).toBe(requester.email)
    await form.getByLabel('Legal process').selectOption('court_order_2703d')
    // Kinds are named by their legal names, with what they reach.
    expect(await form.getByLabel('Legal process').locator('option:checked').textContent()).toBe('Court order under 18 U.S.C. § 2703(d)')
    expect(await page.locator('#intake-process-help').textContent()).toMatch(/non-content records/)
    // Nothing is sent until the fields the kind requires are there, each message beside its field.
    await form.getByRole('button', { name: 'Review request' }).click()
    const caseNumber = form.getByLabel('Case number')
    await expect.poll(() => caseNumber.getAttribute('aria-invalid')).toBe('true')
    const described = (await caseNumber.getAttribute('aria-describedby')) ?? ''
    expect(await page.locator(`#${described.split(' ')[0]}`).textContent()).toBe('Required for this kind of request.')
    expect(await form.getByRole('alert').textContent()).toMatch(/need attention/)
    await form.getByLabel('From', { exact: true }).fill('2026-01-31')
    await form.getByLabel('To', { exact: true }).fill('2026-01-01')
    await form.getByRole('button', { name: 'Review request' }).click()
    await expect.poll(() => form.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#intake-to-error').textContent()).toBe('The end of the period is before its start.')
    await screenshot(page, 'request-intake-checks')
    expect(await seriousAxeViolations(page)).toEqual([])
    await form.getByLabel('Agency').fill(AGENCY)
    await form.getByLabel("Official's name").fill('Dana Agent')
    await form.getByLabel("Official's e-mail").fill(requester.email)
    await form.getByLabel("Official's phone").fill('+1 202 555 0100')
    await form.getByLabel('Case number').fill('FBI-2026-0042')
    await form.getByLabel(/^Accounts/).fill('username:target_account')
    for (const c of ['basic subscriber info', 'ip logs', 'message content']) await form.getByLabel(c, { exact: true }).check()
    await form.getByLabel('From', { exact: true }).fill('2026-01-01')
    await form.getByLabel('To', { exact: true }).fill('2026-01-31')
    await form.getByLabel(/Non-disclosure order/).fill('2027-06-30')
    await form.getByLabel(/Signed legal document/).setInputFiles(pdf)
    await form.getByRole('button', { name: 'Review request' }).click()
    // The review step says what will be sent before anything is.
    const summary = page.getByRole('region', { name: 'Check the request before sending' })
    await expect.poll(() => summary.textContent()).toContain('Court order under 18 U.S.C. § 2703(d)')
    expect(await summary.textContent()).toContain('2026-01-01 to 2026-01-31')
    expect(await summary.textContent()).toContain('order.pdf')
    expect(await seriousAxeViolations(page)).toEqual([])
    await summary.getByRole('button', { name: 'Submit request' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Request FBI-2026-0042')
    expect(await page.getByRole('heading', { name: /^Automated assessment: narrow/ }).count()).toBe(1)
    expect(await page.getByText(/drops message content/).count()).toBe(1)
    await screenshot(page, 'request-submitted')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await seriousViolationsAtPhoneWidth(page, 'request-submitted')).toEqual([])
    await page.context().close()
  })

  it('lets the platform reviewer narrow it and create the disclosure package', async () => {
    const page = await open(reviewer)
    // A court order must be picked up within 48 hours: the queue shows when its clock runs out.
    await expect.poll(() => page.getByRole('row', { name: /FBI-2026-0042/ }).textContent()).toMatch(/due \d{4}-\d\d-\d\d \d\d:\d\d/)
    await page.getByRole('link', { name: 'FBI-2026-0042' }).click()
    // The signed order sits beside the decision form, and opens on its own.
    const frame = page.getByTitle('The legal document under review')
    await frame.waitFor()
    const link = page.getByRole('link', { name: 'Open the legal document (PDF)' })
    const documentUrl = new URL((await link.getAttribute('href')) ?? '', vigil.url).href
    expect(await frame.getAttribute('src')).toBe(new URL(documentUrl).pathname)
    const served = await page.request.get(documentUrl)
    expect(served.status()).toBe(200)
    expect(served.headers()['content-type']).toBe('application/pdf')
    expect((await served.body()).subarray(0, 5).toString()).toBe('%PDF-')
    await screenshot(page, 'request-review-document')
    expect(await seriousAxeViolations(page)).toEqual([])
    // A reviewer of another platform gets nothing.
    const outsider = await openSectionAs(browser, vigil.url, otherReviewer, 'Requests')
    expect((await outsider.request.get(documentUrl)).status()).toBe(404)
    await outsider.context().close()

    await page.getByRole('button', { name: 'Start review' }).click()
    await page.getByRole('radio', { name: 'narrow' }).check()
    await expect.poll(() => page.getByLabel('message content', { exact: true }).isChecked()).toBe(false)
    await page.getByLabel('Note').fill('Content needs a warrant (§3 matrix).')
    await page.getByRole('button', { name: 'Record decision' }).click()
    await expect.poll(() => page.getByTestId('request-state').textContent()).toBe('narrowed')
    // The package is previewed, and created only on confirmation.
    await page.getByRole('button', { name: 'Preview the disclosure package' }).click()
    const preview = page.getByRole('region', { name: 'The disclosure package will hold' })
    await expect.poll(() => preview.textContent()).toContain('username:target_account')
    expect(await preview.textContent()).toContain('basic subscriber info, ip logs')
    expect(await preview.textContent()).not.toContain('message content')
    expect(await preview.textContent()).toContain('2026-01-01 to 2026-01-31')
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'request-package-preview')
    expect(await page.getByTestId('request-state').textContent()).toBe('narrowed')
    await preview.getByRole('button', { name: 'Create disclosure package' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Package ready' }).count()).toBe(1)
    await expect.poll(() => page.getByTestId('request-state').textContent()).toBe('disclosed')
    await screenshot(page, 'request-disclosed')
    await page.context().close()
  })

  it('shows the requester the disclosed state and lets it download the package from the thread', async () => {
    const page = await open(requester)
    const row = page.getByRole('row', { name: /FBI-2026-0042/ })
    await expect.poll(() => row.textContent()).toContain('disclosed')
    await page.getByRole('link', { name: 'FBI-2026-0042' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'download the package' }).click()])
    expect(download.suggestedFilename()).toMatch(/^disclosure-[0-9a-f-]{36}\.zip$/)
    expect(await download.failure()).toBeNull()
    await page.context().close()
  })

  it("shows the reviewer the package's download log and the request's history", async () => {
    const page = await open(reviewer)
    await page.getByRole('link', { name: 'FBI-2026-0042' }).click()
    const log = page.getByRole('table', { name: 'Download log' })
    await expect.poll(() => log.getByTestId('download-outcome').allTextContents()).toEqual(['success'])
    expect(await page.getByRole('region', { name: 'History' }).getByText('narrowed → disclosed').count()).toBe(1)
    await screenshot(page, 'request-record')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('takes an emergency request, holds it until the reviewer records the call-back on the directory number', async () => {
    const agent = await open(requester)
    const form = agent.getByRole('form', { name: 'New data request' })
    await form.getByLabel('Legal process').selectOption('emergency')
    await form.getByLabel('Danger').selectOption('death')
    await form.getByLabel(/disclosure is needed without delay/).check()
    await form.getByLabel('Person at risk').fill('a named hostage')
    await form.getByLabel('Nature of the emergency').fill('kidnapping in progress')
    await form.getByLabel('How disclosure would prevent the harm').fill('the login location leads to the captor')
    await form.getByLabel('Agency').fill(AGENCY)
    await form.getByLabel("Official's name").fill('Dana Agent')
    await form.getByLabel("Official's e-mail").fill(requester.email)
    await form.getByLabel("Official's phone").fill('+1 202 555 0100')
    await form.getByLabel('Case number').fill('FBI-2026-0911')
    await form.getByLabel(/^Accounts/).fill('username:target_account')
    await form.getByLabel('basic subscriber info', { exact: true }).check()
    await form.getByLabel('From', { exact: true }).fill('2026-01-01')
    await form.getByLabel('To', { exact: true }).fill('2026-01-31')
    await form.getByLabel(/Signed legal document/).setInputFiles(pdf)
    await reviewAndSubmit(agent)
    await expect.poll(() => agent.getByRole('heading', { level: 1 }).textContent()).toBe('Request FBI-2026-0911')
    await agent.context().close()

    const page = await open(reviewer)
    await page.getByRole('link', { name: 'FBI-2026-0911' }).click()
    await page.getByRole('button', { name: 'Start review' }).click()
    const callback = page.getByRole('region', { name: 'Call-back' })
    await expect.poll(() => callback.getByTestId('callback-phone').textContent()).toBe('+1 202 324 3000')
    await page.getByRole('radio', { name: 'approve' }).check()
    await page.getByRole('button', { name: 'Record decision' }).click()
    await expect.poll(() => page.getByTestId('request-state').textContent()).toBe('approved')
    // No package while the call-back is pending.
    expect(await page.getByRole('button', { name: 'Preview the disclosure package' }).isDisabled()).toBe(true)
    await callback.getByLabel(/Who answered/).fill('Duty officer confirmed case FBI-2026-0911 at 10:02')
    await callback.getByRole('button', { name: 'Record call-back' }).click()
    await expect.poll(() => page.getByRole('region', { name: 'Call-back' }).count()).toBe(0)
    await expect.poll(() => page.getByRole('button', { name: 'Preview the disclosure package' }).isDisabled()).toBe(false)
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: 'History' })
          .getByText(/Duty officer confirmed/)
          .count(),
      )
      .toBe(1)
    await screenshot(page, 'request-emergency-callback')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })
  it('lets the requester correct a request, then withdraw it, before review starts', async () => {
    const page = await open(requester)
    const form = page.getByRole('form', { name: 'New data request' })
    await expect.poll(() => form.getByLabel('Agency').inputValue()).toBe(AGENCY)
    await form.getByLabel('Legal process').selectOption('subpoena')
    await form.getByLabel('Who issued the subpoena').selectOption('criminal')
    await form.getByLabel("Official's name").fill('Dana Agent')
    await form.getByLabel("Official's phone").fill('+1 202 555 0100')
    await form.getByLabel('Case number').fill('FBI-2026-0500')
    await form.getByLabel(/^Accounts/).fill('username:target_account')
    await form.getByLabel('basic subscriber info', { exact: true }).check()
    await form.getByLabel('From', { exact: true }).fill('2026-01-01')
    await form.getByLabel('To', { exact: true }).fill('2026-01-31')
    await form.getByLabel(/Signed legal document/).setInputFiles(pdf)
    await reviewAndSubmit(page)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Request FBI-2026-0500')

    await page.getByRole('button', { name: 'Correct the request' }).click()
    const fix = page.getByRole('form', { name: 'Correct the data request' })
    expect(await fix.getByLabel('Case number').inputValue()).toBe('FBI-2026-0500')
    await fix.getByLabel('Case number').fill('FBI-2026-0501')
    await fix.getByRole('button', { name: 'Review request' }).click()
    const summary = page.getByRole('region', { name: 'Check the request before sending' })
    await expect.poll(() => summary.textContent()).toContain('the document already sent')
    await summary.getByRole('button', { name: 'Send the correction' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Request FBI-2026-0501')
    expect(await page.getByTestId('request-state').textContent()).toBe('submitted')
    await screenshot(page, 'request-before-review')
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Withdraw the request' }).click()
    await page.getByRole('button', { name: 'Confirm withdrawal' }).click()
    await expect.poll(() => page.getByTestId('request-state').textContent()).toBe('withdrawn')
    expect(await page.getByRole('button', { name: 'Withdraw the request' }).count()).toBe(0)
    await page.context().close()
  })

  it('publishes the period: masked counts as a 1–9 band, the produced share as a percentage', async () => {
    const page = await open(requester)
    await page.getByRole('link', { name: 'Transparency' }).click()
    const periods = page.getByRole('navigation', { name: 'Published periods' })
    await periods.getByRole('link', { name: CURRENT_HALF }).click()
    await expect.poll(() => page.getByRole('heading', { level: 2, name: new RegExp(`^${CURRENT_HALF}`) }).count()).toBe(1)
    // One 2703(d) order, disclosed: a count of 1 is published masked, and drawn as the band.
    const row = page.getByRole('row', { name: /Other Court Orders/ })
    await expect.poll(() => row.getByTestId('masked-requests').textContent()).toBe('1–9')
    expect(await row.textContent()).toContain('100%')
    expect(await page.getByRole('img', { name: /band from 1 to 9/ }).count()).toBe(1)
    expect(await page.getByText('Masked: between 1 and 9').count()).toBeGreaterThan(0)
    await screenshot(page, 'transparency-band')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })
})
