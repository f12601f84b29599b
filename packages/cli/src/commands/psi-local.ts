import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { PSI_MAX_ELEMENTS, PsiLocalResult, type RejectedLines, ResponderLearns, SelectorKind } from '@vigil/contracts'
import { prepareSelectors, runBothSides, VigilError } from '@vigil/core'
import { createNativeX25519Group, nodeRandom } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'

export interface PsiLocalOptions {
  readonly kind?: string
  readonly responderLearns?: string
  readonly workers?: string
  readonly json?: boolean
}

// Below this many selectors in all, starting worker threads costs more than it saves.
const INLINE_BELOW = 4000

function parseOptions(options: PsiLocalOptions) {
  const kind = SelectorKind.safeParse(options.kind)
  if (!kind.success) throw new VigilError('VALIDATION_FAILED', `--kind must be one of ${SelectorKind.options.join(', ')}`)
  const responderLearns = ResponderLearns.safeParse(options.responderLearns ?? 'nothing')
  if (!responderLearns.success)
    throw new VigilError('VALIDATION_FAILED', `--responder-learns must be one of ${ResponderLearns.options.join(', ')}`)
  const workers = options.workers === undefined ? undefined : Number(options.workers)
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
    throw new VigilError('VALIDATION_FAILED', '--workers must be a whole number from 0 to 64')
  }
  return { kind: kind.data, responderLearns: responderLearns.data, workers }
}

/** The lines of a selector file; a file that cannot be read is a one-line error. */
export async function readSelectorFile(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new VigilError('VALIDATION_FAILED', `cannot read ${path}: ${err.code ?? err.message}`)
  })
  return text.split(/\r?\n/)
}

function describeRejected(file: string, rejected: RejectedLines): string {
  if (rejected.count === 0) return ''
  return ` (${rejected.count} line(s) of ${file} skipped as not selectors of this kind, first: ${rejected.firstLines.join(', ')})`
}

/**
 * `vigil psi local --kind K A.txt B.txt`: runs both halves of a PSI session in this process,
 * A as initiator and B as responder, and prints what each side learns.
 */
export async function psiLocal(io: CliIo, initiatorFile: string, responderFile: string, options: PsiLocalOptions): Promise<number> {
  const { kind, responderLearns, workers } = parseOptions(options)
  const mine = prepareSelectors(kind, await readSelectorFile(initiatorFile))
  const theirs = prepareSelectors(kind, await readSelectorFile(responderFile))
  // An empty set makes an empty intersection: say why on stderr, so nothing is taken for a result.
  for (const [file, side] of [
    [initiatorFile, mine],
    [responderFile, theirs],
  ] as const) {
    if (side.selectors.length === 0) {
      const skipped =
        side.rejected.count > 0 ? ` (${side.rejected.count} line(s) skipped, first: ${side.rejected.firstLines.join(', ')})` : ''
      writeLine(io.stderr, `vigil: ${file} holds no valid ${kind} selector${skipped}: the intersection is empty`)
    }
  }
  const total = mine.selectors.length + theirs.selectors.length
  const group = createNativeX25519Group({ workers: workers ?? (total < INLINE_BELOW ? 0 : Math.min(2, availableParallelism())) })
  try {
    const { initiator, responder } = await runBothSides(group, nodeRandom, kind, responderLearns, mine.selectors, theirs.selectors, {
      maxSetSize: PSI_MAX_ELEMENTS,
    })
    const result = PsiLocalResult.parse({
      kind,
      responderLearns,
      initiator: { file: initiatorFile, setSize: mine.selectors.length, rejected: mine.rejected, ...initiator },
      responder: { file: responderFile, setSize: theirs.selectors.length, rejected: theirs.rejected, ...responder },
    })
    if (options.json) {
      writeLine(io.stdout, JSON.stringify(result))
      return 0
    }
    const i = result.initiator
    const r = result.responder
    writeLine(
      io.stdout,
      `initiator (${i.file}): ${i.shared.length} of its ${i.setSize} ${kind} selectors are also held by the responder (which holds ${i.responderSetSize})${describeRejected(i.file, i.rejected)}`,
    )
    for (const selector of i.shared) writeLine(io.stdout, `  ${selector}`)
    const learned = r.intersectionSize === null ? 'nothing about the intersection' : `the intersection holds ${r.intersectionSize}`
    writeLine(
      io.stdout,
      `responder (${r.file}): learns the initiator holds ${r.initiatorSetSize} selectors, and ${learned}${describeRejected(r.file, r.rejected)}`,
    )
    return 0
  } finally {
    await group.close()
  }
}
