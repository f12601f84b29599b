import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, seriousAxeViolations, startVigil, type VigilProcess } from './harness.js'

describe('the built UI served by vigil serve', () => {
  let vigil: VigilProcess
  let browser: Browser
  beforeAll(async () => {
    vigil = await startVigil()
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
      await page.goto(vigil.url)
      await expect.poll(() => page.getByText('Embedded PostgreSQL (PGlite)').count()).toBe(1)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview')
      await screenshot(page, name)
      expect(await seriousAxeViolations(page)).toEqual([])
      await context.close()
    }
  })

  it('keeps client-side routes on reload and offers a way back from unknown pages', async () => {
    const page = await browser.newPage()
    await page.goto(`${vigil.url}/no/such/page`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found')
    await page.getByRole('link', { name: 'Go to the overview' }).click()
    await expect.poll(() => page.url()).toBe(`${vigil.url}/`)
    await page.close()
  })

  it('is usable from the keyboard: the skip link reaches the content', async () => {
    const page = await browser.newPage()
    await page.goto(vigil.url)
    await page.getByRole('link', { name: 'Skip to content' }).waitFor({ state: 'attached' })
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    await page.close()
  })
})
