import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type SeedUser, screenshot, seriousAxeViolations, startVigil, type VigilProcess } from './harness.js'

const analyst: SeedUser = {
  org: 'Example Lab',
  kind: 'civil-society',
  email: 'lab@lab.example',
  password: 'open sesame 2026',
  roles: ['analyst'],
}

describe('the built UI served by vigil serve', () => {
  let vigil: VigilProcess
  let browser: Browser
  const signIn = async (page: Page) => {
    await page.goto(vigil.url)
    await page.getByLabel('E-mail').fill(analyst.email)
    await page.getByLabel('Password').fill(analyst.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
  }
  beforeAll(async () => {
    vigil = await startVigil([analyst])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  it('shows the overview with the server state, at desktop and phone widths, without serious a11y violations', async () => {
    for (const [name, viewport] of [
      ['overview-desktop', { width: 1280, height: 800 }],
      ['overview-phone', { width: 390, height: 844 }],
    ] as const) {
      const context = await browser.newContext({ viewport, bypassCSP: true })
      const page = await context.newPage()
      await signIn(page)
      await expect.poll(() => page.getByText('Embedded PostgreSQL (PGlite)').count()).toBe(1)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview')
      await screenshot(page, name)
      expect(await seriousAxeViolations(page)).toEqual([])
      await context.close()
    }
  })

  it('keeps client-side routes on reload and offers a way back from unknown pages', async () => {
    const page = await browser.newPage()
    await signIn(page)
    await page.goto(`${vigil.url}/no/such/page`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found')
    await page.getByRole('link', { name: 'Go to the overview' }).click()
    await expect.poll(() => page.url()).toBe(`${vigil.url}/`)
    await page.close()
  })

  it('is usable from the keyboard: the skip link reaches the content', async () => {
    const page = await browser.newPage()
    await signIn(page)
    await page.getByRole('link', { name: 'Skip to content' }).waitFor({ state: 'attached' })
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    await page.close()
  })
})
