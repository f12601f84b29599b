import type { DetectionRun } from '@vigil/contracts'
import { formatBytes, formatInstant } from './format.js'
import { RunStatus } from './run-status.js'

/** What a run read, how it was set up, and (once done) what it found. */
export function RunSummary({ run }: { readonly run: DetectionRun }) {
  const s = run.summary
  return (
    <>
      <div role="status" aria-live="polite" className="run-progress">
        <RunStatus run={run} />
      </div>
      {run.error && <p role="alert">The run failed: {run.error}</p>}
      <dl className="facts">
        <dt>Dumps</dt>
        <dd>{run.files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ')}</dd>
        <dt>Started by</dt>
        <dd>
          {run.createdBy}, {formatInstant(run.createdAt)}
        </dd>
        <dt>Parameters</dt>
        <dd>
          window {run.params.window} s, minimum repeats {run.params.minRepeat}, weight {run.params.weight}, similarity{' '}
          {run.params.similarity}
          {run.params.signals ? `, signals ${run.params.signals.join(', ')}` : ', every signal the dump supports'}
        </dd>
        {s && (
          <>
            <dt>Read</dt>
            <dd>
              {s.run.posts} posts by {s.run.accounts} accounts ({s.run.format}){s.run.badRows > 0 && `, ${s.run.badRows} unreadable rows`}
            </dd>
            <dt>Links</dt>
            <dd>
              {Object.entries(s.edges)
                .map(([signal, n]) => `${signal} ${n}`)
                .join(', ')}
            </dd>
            <dt>Found</dt>
            <dd>
              {s.networks} networks, {s.flaggedAccounts} accounts flagged
            </dd>
          </>
        )}
        {run.finishedAt && (
          <>
            <dt>Finished</dt>
            <dd>{formatInstant(run.finishedAt)}</dd>
          </>
        )}
      </dl>
      {s && s.run.warnings.length > 0 && (
        <ul className="notice" aria-label="Warnings">
          {s.run.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </>
  )
}
