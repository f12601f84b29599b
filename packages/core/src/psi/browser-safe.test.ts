import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The web UI runs PSI in the browser from `@vigil/core/psi`: everything that entry reaches
// must load there, so no `node:*` module and no package but these.
const BROWSER_SAFE_PACKAGES = [/^@vigil\/contracts$/, /^@noble\/(curves|hashes)\//]

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  return [...source.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] ?? '')
}

describe('@vigil/core/psi, the entry the web UI imports', () => {
  it('reaches no node: module and only browser-safe packages', () => {
    const start = resolve(dirname(fileURLToPath(import.meta.url)), 'index.ts')
    const seen = new Set<string>()
    const external = new Set<string>()
    const queue = [start]
    while (queue.length > 0) {
      const file = queue.pop() ?? ''
      if (seen.has(file)) continue
      seen.add(file)
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
        else external.add(spec)
      }
    }
    expect(seen.size).toBeGreaterThan(10)
    expect([...external].filter((spec) => !BROWSER_SAFE_PACKAGES.some((p) => p.test(spec)))).toEqual([])
  })
})
