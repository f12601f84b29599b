// Fuzzing of Vigil's input boundaries with fast-check: each boundary gets generated cases,
// valid, mutated and hostile, and every answer is checked for a crash (a 5xx, an INTERNAL
// code, "unexpected error", an error that is not a VigilError) and for a partial write
// (rows stored beyond what the answer says was accepted; any row for a refused request).
// One module per boundary in bench/fuzz/. Used by `npm run bench -- fuzz` (10,000 cases per
// boundary) and bench/fuzz-boundaries.test.ts (CI).
import { rm } from 'node:fs/promises'
import type { VigilDatabase } from '@vigil/storage'
import { cliImportCase } from './fuzz/cli-import.js'
import { detectDumpCase } from './fuzz/detect-dump.js'
import { createFuzzContext, type FuzzCase, type FuzzContext } from './fuzz/fuzz-context.js'
import { mispEventCase } from './fuzz/misp-event.js'
import { psiMessageCase } from './fuzz/psi-message.js'
import { requestIntakeCase } from './fuzz/request-intake.js'
import { restBundleCase } from './fuzz/rest-bundle.js'
import { taxiiEnvelopeCase } from './fuzz/taxii-envelope.js'
import { taxiiQueryCase } from './fuzz/taxii-query.js'

/** What one boundary answered over its cases. */
export interface FuzzResult {
  readonly boundary: string
  readonly cases: number
  readonly crashes: number
  readonly partialWrites: number
  /** How often each answer came (HTTP status, or exit code / error code). */
  readonly answers: Record<string, number>
  /** The first few crashing or partially written cases, for the report. */
  readonly examples: string[]
  readonly seconds: number
}

const CASES = {
  'rest-bundle': restBundleCase,
  'taxii-envelope': taxiiEnvelopeCase,
  'cli-import': cliImportCase,
  'misp-event': mispEventCase,
  'taxii-query': taxiiQueryCase,
  'request-intake': requestIntakeCase,
  'psi-message': psiMessageCase,
  'detect-dump': detectDumpCase,
} as const satisfies Record<string, (ctx: FuzzContext) => FuzzCase>

export type Boundary = keyof typeof CASES
export const BOUNDARIES = Object.keys(CASES) as readonly Boundary[]

/** The fuzzing target: one app over `database`, its users and collections, and each boundary's runner. */
export async function createFuzzTarget(database: VigilDatabase, logErrors = false) {
  const ctx = await createFuzzContext(database, logErrors)
  return {
    /** Runs `runs` generated cases against one boundary (seeded, so a run can be repeated). */
    async fuzz(boundary: Boundary, runs: number, seed = 42): Promise<FuzzResult> {
      const started = Date.now()
      const answers: Record<string, number> = {}
      const examples: string[] = []
      let crashes = 0
      let partialWrites = 0
      for (const c of CASES[boundary](ctx).cases(runs, seed)) {
        const o = await c.run()
        answers[o.answer] = (answers[o.answer] ?? 0) + 1
        if (o.crash) crashes++
        if (o.partial) partialWrites++
        if ((o.crash || o.partial) && examples.length < 3) examples.push(`${o.answer}: ${JSON.stringify(c.value).slice(0, 300)}`)
      }
      return { boundary, cases: runs, crashes, partialWrites, answers, examples, seconds: (Date.now() - started) / 1000 }
    },
    async close(): Promise<void> {
      await ctx.app.close()
      await rm(ctx.workDir, { recursive: true, force: true })
    },
  }
}
