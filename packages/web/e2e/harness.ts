import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Secret, TOTP } from 'otpauth'
import { type Browser, chromium, type Page } from 'playwright-core'
import { inject } from 'vitest'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
/** The built CLI. */
export const cli = join(repoRoot, 'packages/cli/dist/main.js')
/** The built CLI's library: its `run`, which the bin calls. */
const cliLibrary = join(repoRoot, 'packages/cli/dist/index.js')
export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url))

/** A running `vigil serve` of the built CLI on a fresh embedded database. */
export interface VigilProcess {
  readonly url: string
  readonly dataDir: string
  /** Everything the server printed on stdout, e.g. the first admin's one-time password. */
  readonly stdout: () => string
  stop(): Promise<void>
}

/**
 * Runs a command of the built `vigil` CLI on a data directory, in this process: `run` is what
 * the bin calls, and a Node start with the CLI's module load per command cost seconds of CPU
 * each. Resolves its stdout, rejects with its stderr.
 */
export async function runVigil(dataDir: string, args: readonly string[], stdin?: string): Promise<string> {
  const { run } = (await import(pathToFileURL(cliLibrary).href)) as typeof import('@vigil/cli')
  const printed = { out: '', err: '' }
  const into = (key: keyof typeof printed) =>
    new Writable({
      write(chunk, _encoding, done) {
        printed[key] += String(chunk)
        done()
      },
    })
  const io = { stdout: into('out'), stderr: into('err'), stdin: Readable.from([stdin ?? '']), env: process.env }
  const code = await run([...args, '--data-dir', dataDir], io)
  if (code !== 0) throw new Error(`vigil ${args.join(' ')} exited ${code}: ${printed.err}`)
  return printed.out
}

/** Someone who can sign in: created with the admin CLI before the server starts. */
export interface SeedUser {
  readonly org: string
  readonly kind: 'platform' | 'government' | 'civil-society' | 'other'
  readonly email: string
  readonly password: string
  readonly roles: readonly string[]
}

/** An analyst of a platform: the organisation that runs detection and shares what it finds. */
export const platformAnalyst: SeedUser = {
  org: 'Example Platform',
  kind: 'platform',
  email: 'ts@platform.example',
  password: 'trust and safety 1',
  roles: ['analyst'],
}

/** An analyst of a civil-society lab: another organisation, reading what is shared with it. */
export const labAnalyst: SeedUser = {
  org: 'Example Lab',
  kind: 'civil-society',
  email: 'res@lab.example',
  password: 'researcher pass 1',
  roles: ['analyst'],
}

/**
 * Starts the built `vigil serve` on a fresh embedded database, after creating the given
 * organisations and users with the admin CLI (the embedded database admits one process).
 */
export async function startVigil(
  users: readonly SeedUser[] = [],
  env: Record<string, string> = {},
  setup: (dataDir: string) => Promise<void> = async () => {},
): Promise<VigilProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`)
  if (!existsSync(join(repoRoot, 'packages/web/dist/index.html'))) throw new Error('the web UI is not built: run npm run build')
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-'))
  await seedDataDir(dataDir, users)
  await setup(dataDir)
  return serveVigil(dataDir, env)
}

/**
 * Starts the built `vigil serve` on a prepared data directory (or, with `VIGIL_DATABASE_URL`
 * in the environment, on that PostgreSQL database); stopping it deletes the directory.
 */
export async function serveVigil(dataDir: string, env: Record<string, string> = {}): Promise<VigilProcess> {
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, VIGIL_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (c) => {
    out += String(c)
  })
  child.stderr?.on('data', (c) => {
    err += String(c)
  })
  const url = await new Promise<string>((resolve, reject) => {
    // Minutes, not seconds: the shared machine runs several suites at once.
    const timer = setTimeout(() => reject(new Error(`vigil serve did not start:\n${err}`)), 300_000)
    child.stdout?.on('data', () => {
      const m = /Vigil is running at (http:\/\/\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`vigil serve exited with ${code}:\n${err}`)))
  })
  return {
    url,
    dataDir,
    stdout: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await once(child, 'exit')
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Fills `dataDir` with a migrated store holding `users`, as `vigil migrate` and the admin CLI
 * leave it. Each CLI call on an embedded store costs seconds, so the store after every prefix
 * of the list is kept in the run's seed cache (a closed PGlite directory copies as files) and
 * later suites start from the longest prefix already made.
 */
async function seedDataDir(dataDir: string, users: readonly SeedUser[]): Promise<void> {
  const cache = inject('e2eSeedCache')
  const cached = (n: number) =>
    join(
      cache,
      createHash('sha256')
        .update(JSON.stringify(users.slice(0, n)))
        .digest('hex'),
    )
  // Copied under a temporary name and renamed: a suite stopped mid-copy leaves no half store.
  const keep = async (n: number) => {
    const partial = await mkdtemp(join(cache, 'partial-'))
    await cp(dataDir, partial, { recursive: true })
    await rename(partial, cached(n)).catch(() => rm(partial, { recursive: true, force: true }))
  }
  let done = users.length
  while (done >= 0 && !existsSync(cached(done))) done--
  if (done >= 0) {
    await cp(cached(done), dataDir, { recursive: true })
  } else {
    // Only serve and migrate create a store; the admin commands below need one.
    await runVigil(dataDir, ['migrate'])
    await keep(0)
    done = 0
  }
  const orgs = new Set(users.slice(0, done).map((u) => u.org))
  for (let i = done; i < users.length; i++) {
    const u = users[i] as SeedUser
    if (!orgs.has(u.org)) {
      const domain = u.email.split('@')[1] ?? 'example.org'
      await runVigil(dataDir, ['admin', 'org', 'create', '--name', u.org, '--kind', u.kind, '--domain', domain])
      orgs.add(u.org)
    }
    const roles = u.roles.flatMap((r) => ['--role', r])
    await runVigil(
      dataDir,
      ['admin', 'user', 'create', '--org', u.org, '--email', u.email, ...roles, '--password-stdin'],
      `${u.password}\n`,
    )
    await keep(i + 1)
  }
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Saves a full-page screenshot as an artifact under e2e/screenshots/ (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true })
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
}

interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly { readonly target: readonly string[] }[]
}

/**
 * Runs axe-core in the page and returns the serious and critical violations. The page's
 * context must be created with `bypassCSP: true`, since the server's CSP forbids inline scripts.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.addScriptTag({ content: source })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** A phone's viewport (CSS pixels of a common handset). */
export const PHONE = { width: 390, height: 844 } as const

/**
 * Looks at the page again at a phone's width: saves the screenshot `<name>-phone`, returns
 * the serious axe violations there, and restores the viewport.
 */
export async function seriousViolationsAtPhoneWidth(page: Page, name: string): Promise<AxeViolation[]> {
  const before = page.viewportSize()
  await page.setViewportSize(PHONE)
  await screenshot(page, `${name}-phone`)
  const violations = await seriousAxeViolations(page)
  if (before) await page.setViewportSize(before)
  return violations
}

/** The two desktop widths every main screen is looked at: a common laptop and a small one. */
export const DESKTOP_WIDTHS = [1440, 1024] as const

/**
 * Looks at the page at each of `DESKTOP_WIDTHS`: saves the screenshots `<name>-1440` and
 * `<name>-1024`, returns the serious axe violations found at either width, and restores the
 * viewport.
 */
export async function seriousViolationsAtDesktopWidths(page: Page, name: string): Promise<AxeViolation[]> {
  const before = page.viewportSize()
  const found: AxeViolation[] = []
  for (const width of DESKTOP_WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    await screenshot(page, `${name}-${width}`)
    found.push(...(await seriousAxeViolations(page)))
  }
  if (before) await page.setViewportSize(before)
  return found
}

// Recovery codes of users who enrolled during a test run: each signs in once more.
const recoveryCodes = new Map<string, string[]>()

/**
 * Signs in through the form like a person would. A user whose role needs a second factor
 * enrols an authenticator on first sign-in; later sign-ins use one of its recovery codes.
 */
export async function signInAs(page: Page, url: string, user: SeedUser): Promise<void> {
  await page.goto(url)
  await page.getByLabel('E-mail').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  const codes = recoveryCodes.get(user.email)
  if (codes?.length) {
    await page.getByLabel('Authenticator code').fill(codes.shift() ?? '')
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  const outcome = await Promise.race([
    page
      .getByRole('button', { name: 'Sign out' })
      .waitFor()
      .then(() => 'in' as const),
    page
      .getByTestId('totp-secret')
      .waitFor()
      .then(() => 'enrol' as const),
  ])
  if (outcome === 'enrol') {
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? ''
    await page.getByLabel('First code').fill(new TOTP({ secret: Secret.fromBase32(secret) }).generate())
    await page.getByRole('button', { name: 'Confirm' }).click()
    const items = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
    await items.first().waitFor()
    recoveryCodes.set(
      user.email,
      (await items.allTextContents()).map((c) => c.trim()),
    )
    await page.getByRole('button', { name: 'I have stored them' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
  }
}

/** A fresh browser context (CSP bypassed for axe), signed in as `user`, on a section of the app. */
export async function openSectionAs(browser: Browser, url: string, user: SeedUser, section: string): Promise<Page> {
  const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } })).newPage()
  await signInAs(page, url, user)
  await page.getByRole('link', { name: section }).click()
  return page
}
