import { describeEachDatabase } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { BOUNDARIES, createFuzzTarget } from './fuzz-boundaries.js'

// The CI share of `npm run bench -- fuzz`: fewer generated cases per boundary, the same checks.
const RUNS: Record<string, number> = { 'detect-dump': 12 }

describeEachDatabase('every input boundary under generated input (fast-check)', (database) => {
  let target: Awaited<ReturnType<typeof createFuzzTarget>>
  beforeAll(async () => {
    target = await createFuzzTarget(database())
  })
  afterAll(() => target?.close())

  for (const boundary of BOUNDARIES) {
    it(`${boundary}: no crash and no partial write`, async () => {
      const result = await target.fuzz(boundary, RUNS[boundary] ?? 100)
      expect(result.examples).toEqual([])
      expect(result).toMatchObject({ crashes: 0, partialWrites: 0 })
    }, 180_000)
  }
})
