import type { Browser, Page } from 'playwright-core'
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

const admin: SeedUser = {
  org: 'Vigil Operators',
  kind: 'other',
  email: 'root@ops.example',
  password: 'instance admin 2026',
  roles: ['admin'],
}

describe('administration in the browser', () => {
  let vigil: VigilProcess
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    vigil = await startVigil([admin])
    browser = await launchBrowser()
    page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage()
    await signInAs(page, vigil.url, admin)
    await page.getByRole('link', { name: 'Admin' }).click()
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  it('creates a government organisation with a verified domain, and suspends it', async () => {
    const form = page.getByRole('form', { name: 'New organisation' })
    await form.getByLabel('Name').fill('State Election Office')
    await form.getByLabel('Kind').selectOption('government')
    await form.getByLabel(/Verified e-mail domains/).fill('sos.example.gov')
    await form.getByRole('button', { name: 'Create organisation' }).click()
    const row = page.getByRole('row', { name: /State Election Office/ })
    await expect.poll(() => row.textContent()).toContain('sos.example.gov')
    await row.getByRole('button', { name: 'Suspend State Election Office' }).click()
    await expect.poll(() => row.textContent()).toContain('suspended')
    await row.getByRole('button', { name: 'Reactivate State Election Office' }).click()
    await expect.poll(() => row.textContent()).toContain('active')
  })

  it("changes the organisation's verified domains, and the audit log records it", async () => {
    const row = page.getByRole('row', { name: /State Election Office/ })
    await row.getByRole('button', { name: 'Change domains of State Election Office' }).click()
    const form = page.getByRole('form', { name: 'Domains of State Election Office' })
    await form.getByLabel(/Verified e-mail domains/).fill('not a domain')
    await form.getByRole('button', { name: 'Save domains' }).click()
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/domain/)
    await form.getByLabel(/Verified e-mail domains/).fill('sos.example.gov, elections.example.gov')
    await form.getByRole('button', { name: 'Save domains' }).click()
    await expect.poll(() => row.textContent()).toContain('elections.example.gov')
    expect(await page.getByRole('form', { name: 'Domains of State Election Office' }).count()).toBe(0)
    await page.reload()
    await expect.poll(() => page.getByRole('table').filter({ hasText: 'auth.org.domains' }).count()).toBe(1)
  })

  it('creates a user in that organisation with chosen roles', async () => {
    const form = page.getByRole('form', { name: 'New user' })
    await form.getByLabel('Organisation').selectOption({ label: 'State Election Office' })
    await form.getByLabel('E-mail').fill('clerk@sos.example.gov')
    await form.getByLabel('requester').check()
    await form.getByLabel(/Initial password/).fill('a long initial password')
    await form.getByRole('button', { name: 'Create user' }).click()
    const row = page.getByRole('row', { name: /clerk@sos\.example\.gov/ })
    await expect.poll(() => row.textContent()).toContain('requester')
    expect(await row.textContent()).toContain('State Election Office')
  })

  it('creates a sharing group and changes its members', async () => {
    const form = page.getByRole('form', { name: 'New sharing group' })
    await form.getByLabel('Name').fill('Election taskforce')
    await form.getByLabel('State Election Office').check()
    await form.getByRole('button', { name: 'Create sharing group' }).click()
    const row = page.getByRole('region', { name: 'Sharing groups' }).getByRole('row', { name: /Election taskforce/ })
    await expect.poll(() => row.textContent()).toContain('State Election Office')
    expect(await row.textContent()).toContain(admin.org)
    await row.getByRole('button', { name: 'Change members of Election taskforce' }).click()
    const members = page.getByRole('form', { name: 'Members of Election taskforce' })
    await members.getByLabel('State Election Office').uncheck()
    await members.getByRole('button', { name: 'Save members' }).click()
    await expect.poll(() => row.textContent()).not.toContain('State Election Office')
    await row.getByRole('button', { name: 'Change members of Election taskforce' }).click()
    await members.getByLabel('State Election Office').check()
    await members.getByRole('button', { name: 'Save members' }).click()
    await expect.poll(() => row.textContent()).toContain('State Election Office')
  })

  it('creates a collection read by the group, then opens it to every organisation', async () => {
    const form = page.getByRole('form', { name: 'New collection' })
    await form.getByLabel('Title').fill('Takedown notices')
    await form.getByLabel(/Default TLP/).selectOption('green')
    await form.getByRole('group', { name: 'Read by sharing groups' }).getByLabel('group: Election taskforce').check()
    await form.getByRole('group', { name: 'Written by organisations' }).getByLabel(admin.org).check()
    await form.getByRole('button', { name: 'Create collection' }).click()
    const row = page.getByRole('region', { name: 'Collections' }).getByRole('row', { name: /Takedown notices/ })
    await expect.poll(() => row.textContent()).toContain('TLP:GREEN')
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'Takedown notices',
      'TLP:GREEN',
      'Election taskforce',
      admin.org,
      'Edit Takedown noticesChange access to Takedown notices',
    ])
    await row.getByRole('button', { name: 'Change access to Takedown notices' }).click()
    const access = page.getByRole('form', { name: 'Access to Takedown notices' })
    await access.getByLabel('Every organisation on this instance reads it').check()
    await access.getByRole('button', { name: 'Save access' }).click()
    await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toBe('everyone, Election taskforce')

    await row.getByRole('button', { name: 'Edit Takedown notices' }).click()
    const details = page.getByRole('form', { name: 'Details of Takedown notices' })
    expect(await details.getByLabel('Title').inputValue()).toBe('Takedown notices')
    await details.getByLabel('Title').fill('Takedown notices 2026')
    await details.getByLabel('Description').fill('what platforms took down, and when')
    await details.getByLabel(/Default TLP/).selectOption('amber')
    await details.getByRole('button', { name: 'Save details' }).click()
    const renamed = page.getByRole('region', { name: 'Collections' }).getByRole('row', { name: /Takedown notices 2026/ })
    await expect.poll(() => renamed.getByRole('cell').nth(1).textContent()).toBe('TLP:AMBER')
    expect(await renamed.getByRole('cell').first().textContent()).toBe('Takedown notices 2026what platforms took down, and when')
  })

  it('shows a new API token once, then only its prefix, and revokes it', async () => {
    await page.getByRole('link', { name: 'Your account' }).click()
    const form = page.getByRole('form', { name: 'New API token' })
    await form.getByLabel('Name').fill('taxii-pull')
    await form.getByRole('button', { name: 'Create token' }).click()
    const secret = (await page.getByTestId('new-token').textContent()) ?? ''
    expect(secret.length).toBeGreaterThan(20)
    const row = page.getByRole('row', { name: /taxii-pull/ })
    await expect.poll(() => row.count()).toBe(1)
    expect(await page.locator('table').allTextContents()).not.toContain(secret)
    await row.getByRole('button', { name: 'Revoke taxii-pull' }).click()
    await expect.poll(() => row.textContent()).toContain('revoked')
  })

  it('lists the audit trail of what happened and verifies the chain', async () => {
    await page.getByRole('link', { name: 'Admin' }).click()
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    const audit = page.getByRole('region', { name: 'Audit log' })
    await expect.poll(() => audit.getByRole('row').count()).toBeGreaterThan(3)
    await audit.getByRole('button', { name: 'Verify chain' }).click()
    await expect.poll(() => audit.getByRole('status').textContent()).toMatch(/^Intact: \d+ entries/)
    await screenshot(page, 'admin')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await seriousViolationsAtPhoneWidth(page, 'admin')).toEqual([])
  })

  it('opens the whole audit log: names, newest first, filters kept in the URL, pages', async () => {
    await page.getByRole('link', { name: 'Admin' }).click()
    await page.getByRole('link', { name: 'Search the whole audit log' }).click()
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor()
    const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row')
    await expect.poll(() => rows.count()).toBeGreaterThan(3)
    // Newest first.
    const seqs = (await rows.locator('td:first-child').allTextContents()).map(Number)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    // Filtered by action and actor: the admin's domain change, named by e-mail and organisation.
    const filters = page.getByRole('form', { name: 'Filter the audit log' })
    await filters.getByLabel('Action').fill('auth.org.domains')
    await filters.getByLabel('Actor').fill('root@ops')
    await filters.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2)
    for (const row of (await rows.allTextContents()).slice(1))
      expect(row).toMatch(/root@ops\.example · Vigil Operators.*auth\.org\.domains/)
    expect(new URL(page.url()).searchParams.get('action')).toBe('auth.org.domains')
    // The filters survive a reload (they are the URL); a day range with nothing in it is empty.
    await page.reload()
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2)
    await filters.getByLabel('From (UTC day)').fill('2001-01-01')
    await filters.getByLabel('To (UTC day, included)').fill('2001-01-31')
    await filters.getByRole('button', { name: 'Filter' }).click()
    await expect.poll(() => page.getByText('No audit entry matches these filters.').count()).toBe(1)
    await screenshot(page, 'audit-log-empty')
    // Pages of 50: older entries follow the cursor, and the newest come back.
    await page.getByRole('link', { name: 'Clear' }).click()
    await expect.poll(() => rows.count()).toBeGreaterThan(3)
    if ((await page.getByRole('link', { name: 'Older entries' }).count()) > 0) {
      const top = Number(await rows.nth(1).locator('td').first().textContent())
      await page.getByRole('link', { name: 'Older entries' }).click()
      await expect.poll(async () => Number(await rows.nth(1).locator('td').first().textContent())).toBeLessThan(top)
      await page.getByRole('link', { name: 'Newest entries' }).click()
      await expect.poll(async () => Number(await rows.nth(1).locator('td').first().textContent())).toBe(top)
    }
    await screenshot(page, 'audit-log')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await seriousViolationsAtPhoneWidth(page, 'audit-log')).toEqual([])
  })

  it("gives the instance admin every section and every role's overview card", async () => {
    await page.getByRole('link', { name: 'Overview' }).click()
    const sections = await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents()
    for (const s of ['Overview', 'Detect', 'Exchange', 'Requests', 'Transparency', 'Admin']) expect(sections).toContain(s)
    const work = page.getByRole('region', { name: 'Your work' })
    await expect.poll(() => work.getByRole('status').count()).toBe(0)
    expect(await work.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Detection',
      'Correlation notices',
      'Requests due',
      'Audit log',
    ])
    await screenshot(page, 'roles-admin-overview')
    expect(await seriousAxeViolations(page)).toEqual([])
  })
})
