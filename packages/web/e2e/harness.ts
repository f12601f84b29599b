import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const cli = join(repoRoot, 'packages/cli/dist/main.js')
export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url))

/** A running `vigil serve` of the built CLI on a fresh embedded database. */
export interface VigilProcess {
  readonly url: string
  readonly dataDir: string
  /** Everything the server printed on stdout, e.g. the first admin's one-time password. */
  readonly stdout: () => string
  stop(): Promise<void>
}

export async function startVigil(env: Record<string, string> = {}): Promise<VigilProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`)
  if (!existsSync(join(repoRoot, 'packages/web/dist/index.html'))) throw new Error('the web UI is not built: run npm run build')
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-e2e-'))
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
    const timer = setTimeout(() => reject(new Error(`vigil serve did not start:\n${err}`)), 60_000)
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
