import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
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

/** Collects a stream's text, and resolves the first line matching `pattern`. */
export function watchOutput(stream: NodeJS.ReadableStream | null): { text: () => string; line: (pattern: RegExp) => Promise<string> } {
  let buffer = ''
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = []
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk: string) => {
    buffer += chunk
    for (const w of [...waiters]) {
      const found = buffer.split('\n').find((l) => w.pattern.test(l))
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(found)
      }
    }
  })
  return {
    text: () => buffer,
    line: (pattern) =>
      new Promise((resolve) => {
        const found = buffer.split('\n').find((l) => pattern.test(l))
        if (found !== undefined) resolve(found)
        else waiters.push({ pattern, resolve })
      }),
  }
}

/** Resolves the exit code once the child has exited. */
export async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const [code] = (await once(child, 'exit')) as [number | null]
  return code
}
