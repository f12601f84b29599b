import { readFile } from 'node:fs/promises'
import { Secret, TOTP } from 'otpauth'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type SeedUser, screenshot, seriousAxeViolations, startVigil, type VigilProcess } from './harness.js'

const analyst: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'ana@platform.example',
  password: 'correct horse battery',
  roles: ['analyst'],
}
const reviewer: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'rev@platform.example',
  password: 'legal review 2026!',
  roles: ['reviewer'],
}

async function fillSignIn(page: Page, user: SeedUser, password = user.password): Promise<void> {
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

describe('signing in', () => {
  let vigil: VigilProcess
  let browser: Browser
  beforeAll(async () => {
    vigil = await startVigil([analyst, reviewer])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  it('refuses a wrong password without saying which part was wrong', async () => {
    const page = await browser.newPage()
    await page.goto(vigil.url)
    await fillSignIn(page, analyst, 'not the password')
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The e-mail address, password or code is not right.')
    await page.close()
  })

  it('lets an analyst in and out, and the session survives a reload', async () => {
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    await page.goto(vigil.url)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'sign-in')
    await fillSignIn(page, analyst)
    await expect.poll(() => page.getByText(`${analyst.email} · ${analyst.org}`).count()).toBe(1)
    await page.reload()
    await expect.poll(() => page.getByRole('heading', { name: 'Overview' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Vigil' }).count()).toBe(1)
    await page.reload()
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Vigil' }).count()).toBe(1)
    await context.close()
  })

  it('makes a reviewer enrol an authenticator, shows the recovery codes once, then asks for a code', async () => {
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    await page.goto(vigil.url)
    await fillSignIn(page, reviewer)
    const secretText = await page.getByTestId('totp-secret').textContent({ timeout: 20_000 })
    expect(await page.getByRole('img', { name: 'QR code of the authenticator secret' }).count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'totp-enrolment')
    const totp = new TOTP({ secret: Secret.fromBase32(secretText ?? '') })
    await page.getByLabel('First code').fill(totp.generate())
    await page.getByRole('button', { name: 'Confirm' }).click()
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
    await expect.poll(() => codes.count()).toBeGreaterThanOrEqual(8)
    const recoveryCode = (await codes.first().textContent()) ?? ''
    // Each code is whole on one line of its own cell, never broken at its hyphen.
    for (const rects of await codes.locator('code').evaluateAll((els) => els.map((el) => el.getClientRects().length))) expect(rects).toBe(1)
    const all = await codes.allTextContents()
    // Downloaded as a text file, every code on its line.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as .txt' }).click()])
    expect(download.suggestedFilename()).toBe('vigil-recovery-codes.txt')
    const saved = await readFile((await download.path()) ?? '', 'utf8')
    for (const code of all) expect(saved.split('\n')).toContain(code)
    // Copied to the clipboard, one a line.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vigil.url })
    await page.getByRole('button', { name: 'Copy the codes' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Copied' }).count()).toBe(1)
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(all.join('\n'))
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'recovery-codes')
    await page.getByRole('button', { name: 'I have stored them' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Overview' }).count()).toBe(1)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await fillSignIn(page, reviewer)
    await expect.poll(() => page.getByLabel('Authenticator code').count()).toBe(1)
    await page.getByLabel('Authenticator code').fill(recoveryCode)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByText(`${reviewer.email} · ${reviewer.org}`).count()).toBe(1)
    await context.close()
  })
})
