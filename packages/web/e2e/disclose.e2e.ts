import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchBrowser,
  runVigil,
  type SeedUser,
  screenshot,
  seriousAxeViolations,
  signInAs,
  startVigil,
  type VigilProcess,
} from './harness.js'

/** An analyst who also holds the reviewer role: the four-eyes rule must still stop them approving their own disclosure. */
const lead: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'lead@platform.example',
  password: 'trust and safety lead 1',
  roles: ['analyst', 'reviewer'],
}
const reviewer: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'legal@platform.example',
  password: 'policy reviewer pass 1',
  roles: ['reviewer'],
}

const shared = process.env.VIGIL_SHARED_DIR
const IRA = shared ? join(shared, 'data/cib/ira_538_by_author/tweets_2016-10-01_2016-11-15.csv') : ''

describe('disclosure in the browser: from an IRA network to the public report, with four eyes', () => {
  let vigil: VigilProcess
  let browser: Browser
  let dumpPath: string

  beforeAll(async () => {
    if (!shared) throw new Error('VIGIL_SHARED_DIR is not set: the IRA subset is needed')
    vigil = await startVigil([lead, reviewer], {}, async (dataDir) => {
      await runVigil(dataDir, ['admin', 'collection', 'create', '--title', 'Takedown reports', '--read', 'all', '--write', lead.org])
    })
    browser = await launchBrowser()
    // The real FiveThirtyEight IRA subset, its first three days (the by-author format, with followers).
    const lines = (await readFile(IRA, 'utf8')).split('\n')
    dumpPath = join(await mkdtemp(join(tmpdir(), 'vigil-ira-')), 'ira-3-days.csv')
    await writeFile(dumpPath, [lines[0], ...lines.slice(1).filter((l) => /,2016-10-0[1-3] /.test(l))].join('\n'))
    // Seeding runs the CLI several times on a shared machine.
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  const open = async (user: SeedUser | null): Promise<Page> => {
    const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } })).newPage()
    if (user) await signInAs(page, vigil.url, user)
    return page
  }

  it('finds a network, drafts its disclosure, refuses the same person, approves, publishes, and serves it without sign-in', async () => {
    const page = await open(lead)
    await page.getByRole('link', { name: 'Detect' }).click()
    const form = page.getByRole('form', { name: 'New detection run' })
    await form.getByLabel('Dump files').setInputFiles(dumpPath)
    await form.getByLabel('Time window (seconds)').fill('60')
    await form.getByRole('button', { name: 'Start run' }).click()
    await page.waitForURL(/\/detect\/runs\/[0-9a-f-]+$/)
    const status = page.getByRole('status').filter({ hasText: /completed|failed/ })
    await expect.poll(() => status.textContent(), { timeout: 180_000 }).toContain('completed')
    const rows = page.getByRole('table', { name: /^Networks, sorted by/ }).getByRole('row')
    await rows.nth(1).getByRole('link').click()
    await page.waitForURL(/\/networks\/n\d+$/)

    // Only a confirmed network can be disclosed.
    expect(await page.getByRole('link', { name: 'Prepare disclosure' }).count()).toBe(0)
    const triage = page.getByRole('form', { name: 'Triage this network' })
    await triage.getByLabel('Confirmed coordinated').check()
    await triage.getByRole('button', { name: 'Record verdict' }).click()
    await page.getByRole('link', { name: 'Prepare disclosure' }).click()
    await page.waitForURL(/\/disclose\/new\?/)
    const prepare = page.getByRole('form', { name: 'Prepare disclosure' })
    await prepare.getByLabel('Title').fill('IRA accounts posing as US activists')
    await prepare.getByLabel('Summary').fill('Accounts run from St Petersburg that posted the same links within a minute.')
    await prepare.getByLabel('Origin').fill('Russia')
    await prepare.getByLabel('Targets (one a line)').fill('United States')
    await prepare.getByLabel('How it was found').fill('Co-link and co-text coordination, confirmed by an analyst.')
    await prepare.getByRole('button', { name: 'Create draft' }).click()
    await page.waitForURL(/\/disclose\/[0-9a-f-]{36}$/)
    const disclosureUrl = page.url()
    const slug = ((await page.locator('code').first().textContent()) ?? '').replace('/disclosures/', '')
    expect(slug).toMatch(/^ira-accounts-posing-as-us-activists-[0-9a-f]{8}$/)

    // Nothing unpublished is public.
    const anonymous = await open(null)
    expect((await anonymous.goto(`${vigil.url}/disclosures/${slug}`))?.status()).toBe(404)

    // Pick two samples; the preview shows them redacted.
    const picker = page.getByRole('list', { name: 'Posts of the networks' })
    await picker.getByRole('checkbox').first().waitFor()
    await picker.getByRole('checkbox').nth(0).check()
    await picker.getByRole('checkbox').nth(1).check()
    await page.getByRole('button', { name: 'Save samples' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Save samples' }).isDisabled()).toBe(true)
    const preview = page.frameLocator('iframe[title="Report preview"]')
    await expect.poll(() => preview.getByRole('heading', { name: 'Sample posts' }).count()).toBe(1)
    await expect.poll(() => preview.locator('blockquote').count()).toBe(2)
    expect(await preview.getByText('Draft: not published').count()).toBe(1)
    expect(await preview.locator('svg rect').count()).toBeGreaterThan(0)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'disclose-draft')

    await page.getByRole('button', { name: 'Submit for review' }).click()
    await page.getByRole('button', { name: 'Approve' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/approved by someone other than who prepared or submitted it/)
    expect(await page.getByText('Status: submitted').count()).toBe(1)

    const legal = await open(reviewer)
    await legal.goto(disclosureUrl)
    await legal.getByRole('button', { name: 'Approve' }).click()
    await expect.poll(() => legal.getByText('Status: approved').count()).toBe(1)
    // A reviewer does not publish: that is the analyst's step.
    expect(await legal.getByRole('form', { name: 'Publish' }).count()).toBe(0)

    await page.reload()
    const publish = page.getByRole('form', { name: 'Publish' })
    await publish.getByLabel('Collection').selectOption({ label: 'Takedown reports' })
    await publish.getByLabel('TLP').selectOption('clear')
    await publish.getByRole('button', { name: 'Publish' }).click()
    await expect.poll(() => page.getByText('Status: published').count()).toBe(1)
    const history = await page.getByRole('list', { name: 'Workflow history' }).getByRole('listitem').allTextContents()
    expect(history.map((h) => h.split(',')[0])).toEqual([
      `created by ${lead.email}`,
      `edited by ${lead.email}`,
      `submitted by ${lead.email}`,
      `approved by ${reviewer.email}`,
      `published by ${lead.email}`,
    ])
    await screenshot(page, 'disclose-published')

    const res = await anonymous.goto(`${vigil.url}/disclosures/${slug}`)
    expect(res?.status()).toBe(200)
    expect(await anonymous.getByRole('heading', { level: 1 }).textContent()).toBe('IRA accounts posing as US activists')
    expect(await anonymous.locator('blockquote').count()).toBe(2)
    expect(await anonymous.locator('script').count()).toBe(0)
    // It prints: the print stylesheet gives an A4 PDF of the whole report.
    const pdf = await anonymous.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    await screenshot(anonymous, 'disclose-public')
    expect((await anonymous.goto(`${vigil.url}/disclosures/no-such-report-00000000`))?.status()).toBe(404)

    // Withdrawn after publication: the analyst has no button for it, the reviewer has; the
    // public address then says it was withdrawn, when and why, and shows nothing of the report.
    await page.reload()
    expect(await page.getByRole('form', { name: 'Withdraw publication' }).count()).toBe(0)
    await legal.reload()
    const withdraw = legal.getByRole('form', { name: 'Withdraw publication' })
    await withdraw.getByLabel(/Reason to withdraw/).fill('An account was misattributed.')
    await withdraw.getByRole('button', { name: 'Withdraw publication' }).click()
    await expect.poll(() => legal.getByText('Status: withdrawn').count()).toBe(1)
    expect(await legal.getByText(/its STIX report .* is revoked/).count()).toBe(1)
    const gone = await anonymous.goto(`${vigil.url}/disclosures/${slug}`)
    expect(gone?.status()).toBe(410)
    expect(await anonymous.getByRole('heading', { level: 1 }).textContent()).toBe('This disclosure was withdrawn')
    expect(await anonymous.getByText('An account was misattributed.').count()).toBe(1)
    expect(await anonymous.locator('blockquote').count()).toBe(0)
  }, 400_000)
})
