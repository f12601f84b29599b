import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type SeedUser, screenshot, seriousAxeViolations, signInAs, startVigil, type VigilProcess } from './harness.js'

const requester: SeedUser = {
  org: 'Federal Bureau of Investigation',
  kind: 'government',
  email: 'agent@fbi.example',
  password: 'requester pass 2026',
  roles: ['requester'],
}
const analyst: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'analyst@platform.example',
  password: 'analyst pass 2026',
  roles: ['analyst'],
}
const auditor: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'audit@platform.example',
  password: 'auditor pass 2026',
  roles: ['auditor'],
}
const reviewer: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'legal@platform.example',
  password: 'reviewer pass 2026',
  roles: ['reviewer'],
}

describe('menus and pages follow the roles', () => {
  let vigil: VigilProcess
  let browser: Browser
  beforeAll(async () => {
    vigil = await startVigil([requester, analyst, reviewer, auditor])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  const signIn = async (user: SeedUser): Promise<Page> => {
    const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage()
    await signInAs(page, vigil.url, user)
    return page
  }
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents()
  /** The cards of the overview's "Your work", once they have loaded. */
  const work = async (page: Page): Promise<string[]> => {
    const cards = page.getByRole('region', { name: 'Your work' }).getByRole('heading', { level: 3 })
    await expect.poll(() => page.getByRole('region', { name: 'Your work' }).getByRole('status').count()).toBe(0)
    return cards.allTextContents()
  }

  it("gives a requester Overview, Requests and Transparency, and says plainly what its role doesn't open", async () => {
    const page = await signIn(requester)
    expect(await menu(page)).toEqual(['Overview', 'Requests', 'Transparency'])
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview')
    expect(await work(page)).toEqual(['Requests due'])
    expect(await page.getByText('No open request with an SLA clock running.').count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    for (const [path, label] of [
      ['/detect', 'Detect'],
      ['/exchange', 'Exchange'],
      ['/admin', 'Admin'],
    ] as const) {
      await page.goto(`${vigil.url}${path}`)
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(label)
      expect(await page.locator('main').textContent()).toContain(`${label} is not available to your role (requester)`)
      expect(await page.getByText('Could not load').count()).toBe(0)
    }
    await screenshot(page, 'roles-requester-not-available')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('gives an analyst Detect and Exchange but not Requests or Admin, and never "No requests yet"', async () => {
    const page = await signIn(analyst)
    expect(await menu(page)).toEqual(['Overview', 'Detect', 'Live', 'Disclose', 'Exchange', 'Matching', 'Transparency'])
    expect(await work(page)).toEqual(['Detection', 'Correlation notices'])
    expect(await page.getByText('No run in progress').count()).toBe(1)
    await screenshot(page, 'roles-analyst-overview')
    await page.goto(`${vigil.url}/requests`)
    await expect.poll(() => page.locator('main').textContent()).toContain('Requests is not available to your role (analyst)')
    expect(await page.getByText('No requests yet').count()).toBe(0)
    // API tokens stay within reach of every role, on the account page.
    await page.getByRole('link', { name: 'Your account' }).click()
    await page.getByRole('form', { name: 'New API token' }).waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('gives a reviewer Exchange and Requests, without Detect or Admin', async () => {
    const page = await signIn(reviewer)
    expect(await menu(page)).toEqual(['Overview', 'Disclose', 'Exchange', 'Requests', 'Transparency'])
    expect(await work(page)).toEqual(['Correlation notices', 'Requests due'])
    await page.getByRole('link', { name: 'Requests' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Data requests')
    expect(await page.getByText('not available to your role').count()).toBe(0)
    await page.context().close()
  })

  it('gives an auditor the audit log under Admin, and an overview card that leads to it', async () => {
    const page = await signIn(auditor)
    expect(await menu(page)).toEqual(['Overview', 'Transparency', 'Admin'])
    expect(await work(page)).toEqual(['Audit log'])
    await page.getByRole('link', { name: /among the latest entries/ }).click()
    // The card leads to the whole log's page (its entries may be empty for this organisation).
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log')
    expect(await page.getByRole('form', { name: 'New user' }).count()).toBe(0)
    // An auditor reads the log; verifying the chain and managing users stay with admins.
    expect(await page.getByRole('button', { name: 'Verify chain' }).count()).toBe(0)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })
})
