import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

/** Runs a TypeScript entry point of the workspace in a child Node process, through tsx. */
export function spawnTs(entry: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.tests.json`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** A child's output stream, collected. */
export interface WatchedOutput {
  /** Everything the stream has written so far. */
  text(): string
  /** The first line matching `pattern`, among the lines starting at or after character `from` of `text()`. */
  line(pattern: RegExp, from?: number): Promise<string>
}

/** Collects a stream's text, and resolves the first line matching `pattern`. */
export function watchOutput(stream: NodeJS.ReadableStream | null): WatchedOutput {
  let buffer = ''
  const waiters: { pattern: RegExp; from: number; resolve: (l: string) => void }[] = []
  // Lines are matched from `start` on: only the new text, and the line it completes.
  const find = (pattern: RegExp, start: number) => {
    const lineStart = buffer.lastIndexOf('\n', start - 1) + 1
    return buffer
      .slice(lineStart)
      .split('\n')
      .find((l) => pattern.test(l))
  }
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk: string) => {
    const start = buffer.length
    buffer += chunk
    for (const w of [...waiters]) {
      const found = find(w.pattern, Math.max(start, w.from))
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(found)
      }
    }
  })
  return {
    text: () => buffer,
    line: (pattern, from = 0) =>
      new Promise((resolve) => {
        const found = find(pattern, from)
        if (found !== undefined) resolve(found)
        else waiters.push({ pattern, from, resolve })
      }),
  }
}

/** Resolves the exit code once the child has exited. */
export async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
  const [code] = (await once(child, 'exit')) as [number | null]
  return code
}

/** A `vigil serve` running in a child process. */
export interface ServedVigil {
  readonly child: ChildProcess
  readonly url: string
  readonly stdout: WatchedOutput
  readonly stderr: WatchedOutput
  /** Milliseconds from the spawn to the first 200 of `/readyz`. */
  readonly readyMs: number
  /** SIGTERM, and the exit. */
  stop(): Promise<void>
}

/**
 * Starts `vigil serve --port 0 --data-dir DIR` in a child process, as a service manager
 * would (no step before it), and resolves once `/readyz` answers 200. `bin` runs the built
 * CLI (`packages/cli/bin/vigil.js`) instead of its sources through tsx.
 */
export async function serveVigil(dataDir: string, env: Record<string, string> = {}, bin?: string): Promise<ServedVigil> {
  const t0 = performance.now()
  const args = ['serve', '--port', '0', '--data-dir', dataDir]
  const child = bin
    ? spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawnTs('packages/cli/src/main.ts', args, env)
  const stdout = watchOutput(child.stdout)
  const stderr = watchOutput(child.stderr)
  const started = await Promise.race([stdout.line(/^Vigil is running at /), exitCode(child)])
  if (typeof started !== 'string') throw new Error(`vigil serve exited with ${started}: ${stderr.text()}`)
  const url = /at (http:\/\/\S+)/.exec(started)?.[1] ?? ''
  // It listens once migrated, so /readyz answers 200 at once unless the database went away.
  for (let tries = 0; (await fetch(`${url}/readyz`).then((r) => r.status)) !== 200; tries++) {
    if (tries === 100) throw new Error(`vigil serve at ${url} listens but /readyz never answered 200`)
    await delay(50)
  }
  const readyMs = performance.now() - t0
  const stop = async () => {
    child.kill('SIGTERM')
    await exitCode(child)
  }
  return { child, url, stdout, stderr, readyMs, stop }
}
