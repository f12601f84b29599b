import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder of seeded data directories shared by this run's suites (see `startVigil`). */
    e2eSeedCache: string
  }
}

/** One seed cache per run: a cached store never outlives the build that made it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-seeds-'))
  project.provide('e2eSeedCache', dir)
  return () => rm(dir, { recursive: true, force: true })
}
