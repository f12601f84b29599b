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
  org: 'Example Platform',
  kind: 'platform',
  email: 'root@platform.example',
  password: 'instance admin 2026',
  roles: ['admin'],
}
const analyst: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'ana@platform.example',
  password: 'correct horse battery',
  roles: ['analyst'],
}
const invitee: SeedUser = { ...analyst, email: 'new@platform.example', password: 'a freshly chosen password' }

describe('accounts: invitations, password resets and expired sessions', () => {
  let vigil: VigilProcess
  let browser: Browser
  let adminPage: Page
  beforeAll(async () => {
    vigil = await startVigil([admin, analyst])
    browser = await launchBrowser()
    adminPage = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage()
    await signInAs(adminPage, vigil.url, admin)
    await adminPage.getByRole('link', { name: 'Admin' }).click()
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  /** Issues a link from a user's row and returns the path the invitee opens (the host is the server's public URL). */
  async function issueLink(email: string, action: 'Invite' | 'Reset password of'): Promise<string> {
    const link = adminPage.getByTestId('one-time-link')
    // The previous link stays on screen until the new one arrives: wait for a different one.
    const previous = (await link.count()) > 0 ? await link.textContent() : null
    await adminPage.getByRole('button', { name: `${action} ${email}` }).click()
    await expect.poll(async () => ((await link.count()) > 0 ? await link.textContent() : null)).not.toBe(previous)
    expect(await link.textContent()).toContain('/account/set-password#token=')
    const url = new URL((await link.textContent()) ?? '')
    await adminPage.getByRole('button', { name: `${action} ${email}` }).waitFor()
    return `${url.pathname}${url.hash}`
  }

  async function setPassword(path: string, password: string): Promise<Page> {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage()
    await page.goto(`${vigil.url}${path}`)
    await page.getByLabel('New password').fill(password)
    await page.getByLabel('Repeat the password').fill(password)
    await page.getByRole('button', { name: 'Set password' }).click()
    return page
  }

  it('lets an admin invite a user, who sets a password in the browser and signs in', async () => {
    const form = adminPage.getByRole('form', { name: 'New user' })
    await form.getByLabel('E-mail').fill(invitee.email)
    await form.getByLabel('analyst').check()
    await form.getByRole('button', { name: 'Create user' }).click()
    await adminPage.getByRole('row', { name: new RegExp(invitee.email) }).waitFor()
    const path = await issueLink(invitee.email, 'Invite')

    const page = await (await browser.newContext({ bypassCSP: true })).newPage()
    await page.goto(`${vigil.url}${path}`)
    await expect.poll(() => page.getByText('At least 12 and at most 1024 characters').count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'set-password')
    expect(await seriousViolationsAtPhoneWidth(page, 'set-password')).toEqual([])
    await page.getByLabel('New password').fill(invitee.password)
    await page.getByLabel('Repeat the password').fill('something else entirely')
    await page.getByRole('button', { name: 'Set password' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The two passwords differ.')
    await page.getByLabel('Repeat the password').fill(invitee.password)
    await page.getByRole('button', { name: 'Set password' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Sign in with your e-mail address and the new password.')
    await page.getByRole('link', { name: 'Sign in' }).click()
    await page.getByLabel('E-mail').fill(invitee.email)
    await page.getByLabel('Password').fill(invitee.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByText(`${invitee.email} · ${invitee.org}`).count()).toBe(1)
    await page.context().close()

    const again = await setPassword(path, 'another long password')
    await expect
      .poll(() => again.getByRole('alert').textContent())
      .toBe('This link is invalid, already used or expired. Ask your administrator for a new one.')
    await again.goto(`${vigil.url}/account/set-password`)
    await expect.poll(() => again.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not complete')
    await again.context().close()
  })

  it('resets a password by link: the new password works, the old one no longer does', async () => {
    const path = await issueLink(analyst.email, 'Reset password of')
    const page = await setPassword(path, 'my new reset password')
    await expect.poll(() => page.getByRole('status').textContent()).toContain('The link is used up')
    await page.getByRole('link', { name: 'Sign in' }).click()
    await page.getByLabel('E-mail').fill(analyst.email)
    await page.getByLabel('Password').fill(analyst.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The e-mail address, password or code is not right.')
    await page.getByLabel('Password').fill('my new reset password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByText(`${analyst.email} · ${analyst.org}`).count()).toBe(1)
    await page.context().close()
  })

  it('says the session has expired, asks to sign in, and returns to the page the user was on', async () => {
    const user = { ...invitee }
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    await signInAs(page, vigil.url, user)
    await page.getByRole('link', { name: 'Exchange' }).click()
    await page.getByRole('heading', { name: 'Threat exchange' }).waitFor()
    // The server forgets the session as it would once its lifetime ends: the cookie no longer signs in.
    await context.clearCookies()
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Your session has expired. Sign in again to return to this page.')
    expect(new URL(page.url()).pathname).toBe('/exchange')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByLabel('E-mail').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Threat exchange' }).count()).toBe(1)
    expect(new URL(page.url()).pathname).toBe('/exchange')
    await context.close()
  })

  it('changes your own password from the account menu: rules and errors, audited, every session ended', async () => {
    const user = { ...invitee }
    const other = await (await browser.newContext({ bypassCSP: true })).newPage()
    await signInAs(other, vigil.url, user)
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await signInAs(page, vigil.url, user)
    await page.getByRole('link', { name: 'Change password' }).click()
    await page.getByRole('heading', { name: 'Change your password' }).waitFor()
    expect(await page.getByText(/At least 12 and at most 1024 characters/).count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'change-password')
    const fill = async (current: string, next: string, confirm: string) => {
      await page.getByLabel('Current password').fill(current)
      await page.getByLabel('New password', { exact: true }).fill(next)
      await page.getByLabel('Repeat the new password').fill(confirm)
      await page.getByRole('button', { name: 'Change password' }).click()
    }
    await fill(user.password, 'a changed password 1', 'a changed password 2')
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The two new passwords differ.')
    // The server's rules: a wrong current password is refused.
    await fill('not my password', 'a changed password 1', 'a changed password 1')
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The current password is wrong.')
    await fill(user.password, 'a changed password 1', 'a changed password 1')
    // Every session ends, this one too: sign-in says why.
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Your password is changed, and every session of your account has ended. Sign in with the new password.')
    expect(await seriousAxeViolations(page)).toEqual([])
    await other.reload()
    await expect.poll(() => other.getByRole('heading', { name: 'Sign in to Vigil' }).count()).toBe(1)
    await page.getByLabel('E-mail').fill(user.email)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'not right' }).count()).toBe(1)
    await page.getByLabel('Password').fill('a changed password 1')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByText(`${user.email} · ${user.org}`).count()).toBe(1)
    // The audit log names who changed their password.
    await adminPage.goto(`${vigil.url}/admin/audit?action=auth.password.change`)
    const rows = adminPage.getByRole('table', { name: 'Audit log' }).getByRole('row')
    await expect.poll(() => rows.filter({ hasText: user.email }).count()).toBe(1)
    await other.context().close()
    await context.close()
  })
})
