import { z } from 'zod'
import { ResponderLearns, SelectorKind } from './psi-selector.js'

/** Lines of one input file that were not a selector of the session's kind. */
export const RejectedLines = z.object({
  count: z.int().min(0),
  /** The first few rejected line numbers (1-based), to find them. */
  firstLines: z.array(z.int().min(1)),
})
export type RejectedLines = z.infer<typeof RejectedLines>

/**
 * `vigil psi local --json`: what each side of a PSI run learned, side by side.
 *
 * @example
 * PsiLocalResult.parse({ kind: 'email', responderLearns: 'cardinality',
 *   initiator: { file: 'a.txt', setSize: 1, rejected: { count: 0, firstLines: [] }, responderSetSize: 1, shared: ['a@b.org'] },
 *   responder: { file: 'b.txt', setSize: 1, rejected: { count: 0, firstLines: [] }, initiatorSetSize: 1, intersectionSize: 1 } })
 */
export const PsiLocalResult = z.object({
  kind: SelectorKind,
  responderLearns: ResponderLearns,
  initiator: z.object({
    file: z.string(),
    /** Distinct normalised selectors. */
    setSize: z.int().min(0),
    rejected: RejectedLines,
    responderSetSize: z.int().min(0),
    /** The initiator's selectors that the responder also holds, normalised and sorted. */
    shared: z.array(z.string()),
  }),
  responder: z.object({
    file: z.string(),
    setSize: z.int().min(0),
    rejected: RejectedLines,
    initiatorSetSize: z.int().min(0),
    /** `null` when the session's terms let the responder learn nothing. */
    intersectionSize: z.int().min(0).nullable(),
  }),
})
export type PsiLocalResult = z.infer<typeof PsiLocalResult>
