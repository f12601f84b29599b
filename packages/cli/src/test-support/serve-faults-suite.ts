import { describeWithShared, GERMAN_ELECTIONS_MAP } from '@vigil/contracts/test-support'
import { createMigratedDataDir, createScratchDatabase } from '@vigil/storage/test-support'
import { afterAll, expect, it } from 'vitest'
import { createFaultStore, type FaultStore, type FaultWrite, faultScenario, killDuringWrite } from './serve-faults.js'

const TARGETS = [
  { kind: 'pglite', enabled: true },
  { kind: 'postgres', enabled: process.env.VIGIL_TEST_DATABASE_URL !== undefined },
] as const

/**
 * `kill -9` of `vigil serve` while it does each of `writes`, then a plain `vigil serve`: every
 * write is stored whole or not at all, the retry completes it, and the audit chain verifies.
 * The restart's time is measured by `npm run bench -- faults`, never asserted here. The
 * writes are shared out over two test files so that both forks take kills.
 */
export function describeKillsDuring(writes: readonly FaultWrite[]): void {
  describeWithShared('vigil serve killed with SIGKILL while it writes', 'data/cib/coortweet/german_elections.csv', (dumpPath) => {
    const cleanup: (() => Promise<unknown>)[] = []
    afterAll(async () => {
      for (const c of cleanup.reverse()) await c()
    })
    const storeOn = async (kind: 'pglite' | 'postgres'): Promise<FaultStore> => {
      const scratch = kind === 'postgres' ? await createScratchDatabase() : undefined
      if (scratch) cleanup.push(() => scratch.drop())
      const store = await createFaultStore(scratch?.url, kind === 'pglite' ? await createMigratedDataDir('vigil-faults-') : undefined)
      cleanup.push(() => store.remove())
      return store
    }

    for (const target of TARGETS)
      for (const write of writes)
        it.runIf(target.enabled)(
          `${write} on ${target.kind}: nothing half-written, the retry completes it, the chain verifies`,
          async () => {
            const store = await storeOn(target.kind)
            const scenario = await faultScenario(store, write, {
              dumpPath,
              params: { map: GERMAN_ELECTIONS_MAP, window: 30, minRepeat: 3 },
            })
            const outcome = await killDuringWrite(store, scenario, write)
            expect(outcome.halfWritten).toBe(0)
            expect(outcome.audit).toMatchObject({ ok: true })
            if (write === 'taxii-add' || write === 'rest-import') {
              expect([0, outcome.whole]).toContain(outcome.stored)
              expect(outcome.afterRetry).toBe(outcome.whole)
            } else if (write === 'detect-results') {
              expect(outcome.afterRetry).toBeGreaterThan(0)
            } else {
              expect(outcome.stored).toBeGreaterThanOrEqual(20)
              expect(outcome.afterRetry).toBe(outcome.stored + 1)
            }
          },
          600_000,
        )
  })
}
