// Type tests of the public detect API (STYLE.md: `*.test-d.ts`, as kysely's test/typings):
// checked by `npm run typecheck`, so a change to what callers rely on fails the build.
import type { DetectParams, DetectSignal, EdgeWeight, NetworksFile, RepeatCount } from '@vigil/contracts'
import { expectTypeOf } from 'vitest'
import { DETECT_STAGES, type Detection, type DetectOptions, runDetection } from '../index.js'

// runDetection takes the options and an optional progress callback, and resolves a Detection.
expectTypeOf(runDetection).parameter(0).toEqualTypeOf<DetectOptions>()
expectTypeOf(runDetection).parameter(1).toEqualTypeOf<((stage: (typeof DETECT_STAGES)[number], index: number) => void) | undefined>()
expectTypeOf(runDetection).returns.resolves.toEqualTypeOf<Detection>()
expectTypeOf<Detection['networks']>().toEqualTypeOf<NetworksFile>()

// The stages arrive in a fixed order, named by literals a progress bar can switch on.
expectTypeOf(DETECT_STAGES).toEqualTypeOf<readonly ['read', 'objects', 'window join', 'similar text', 'edges', 'networks', 'evidence']>()

// What a caller must give: files and the four numbers and choices without defaults.
expectTypeOf<Pick<DetectOptions, 'files' | 'window' | 'minRepeat' | 'weight' | 'similarity' | 'strict'>>().toEqualTypeOf<{
  readonly files: readonly string[]
  readonly window: number
  readonly minRepeat: number
  readonly weight: EdgeWeight
  readonly similarity: number
  readonly strict: boolean
}>()
expectTypeOf<{ files: string[] }>().not.toExtend<DetectOptions>()
expectTypeOf<DetectOptions['repeat']>().toEqualTypeOf<RepeatCount | undefined>()
expectTypeOf<DetectOptions['signals']>().toEqualTypeOf<readonly DetectSignal[] | undefined>()
expectTypeOf<DetectOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>()

// Signals and weights are closed unions: a misspelt one is a type error, not a silent no-op.
expectTypeOf<'co-link'>().toExtend<DetectSignal>()
expectTypeOf<'co-links'>().not.toExtend<DetectSignal>()
expectTypeOf<EdgeWeight>().toEqualTypeOf<'objects' | 'posts' | 'pairs'>()
expectTypeOf<RepeatCount>().toEqualTypeOf<'per-signal' | 'fused'>()

// The API's parameters (DetectParams, after parsing) are what a run needs: they spread into DetectOptions.
expectTypeOf<{ files: string[]; strict: false } & Omit<DetectParams, 'map'>>().toExtend<DetectOptions>()
