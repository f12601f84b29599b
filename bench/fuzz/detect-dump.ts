// `vigil detect` itself, in process, on CSV / NDJSON dumps of hostile cells, plain, gzipped
// or truncated: exit 2 with one line, or 0 with every output; never 1, never a partial folder.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { run } from '../../packages/cli/src/run.js'
import { captureIo } from '../../packages/cli/src/test-support/capture-io.js'
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { hostileString } from './stix-arbitraries.js'

/** A dump file: CSV or NDJSON rows of hostile cells, optionally gzipped, sometimes truncated. */
const dump = fc
  .record({
    format: fc.constantFrom('csv', 'ndjson'),
    header: fc.oneof(
      fc.constant<string[]>(['object_id', 'account_id', 'content_id', 'timestamp_share']),
      fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('account', 'time', 'url')), { minLength: 1, maxLength: 5 }),
    ),
    rows: fc.array(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), hostileString), { maxLength: 6 }), {
      maxLength: 12,
    }),
    gzip: fc.constantFrom('none', 'none', 'gzip', 'truncated'),
  })
  .map(({ format, header, rows, gzip }) => {
    const text =
      format === 'csv'
        ? [header.join(','), ...rows.map((r) => r.join(','))].join('\n')
        : rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])))).join('\n')
    const bytes = Buffer.from(text)
    const zipped = gzipSync(bytes)
    return {
      name: `dump.${format}${gzip === 'none' ? '' : '.gz'}`,
      content: gzip === 'none' ? bytes : gzip === 'gzip' ? zipped : zipped.subarray(0, Math.max(1, zipped.length >> 1)),
    }
  })

export function detectDumpCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(dump, async (file: { name: string; content: Buffer }) => {
    const dir = await mkdtemp(join(ctx.workDir, 'd-'))
    await writeFile(join(dir, file.name), file.content)
    const io = captureIo()
    const code = await run(['detect', join(dir, file.name), '--out', join(dir, 'out'), '--min-repeat', '1'], io)
    const entries = await readdir(dir)
    const outputs = entries.includes('out') ? (await readdir(join(dir, 'out'))).sort().join(',') : ''
    await rm(dir, { recursive: true, force: true })
    const complete = outputs === '' || /^accounts\.csv,edges,networks\.json,report\.html$/.test(outputs)
    const leftovers = entries.some((e) => e.startsWith('.'))
    return {
      answer: `exit ${code}`,
      crash: code !== 0 && code !== 2 ? true : /unexpected error/.test(io.err()),
      partial: !complete || leftovers || (code !== 0 && outputs !== ''),
    }
  })
}
