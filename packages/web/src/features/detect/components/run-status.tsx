import type { DetectionRun } from '@vigil/contracts'

/** A run's status in words, and while it runs a progress bar over its stages. */
export function RunStatus({ run }: { readonly run: DetectionRun }) {
  if (run.status === 'completed') return <span className="run-status done">completed</span>
  if (run.status === 'failed') return <span className="run-status failed">failed</span>
  const label = run.status === 'queued' ? 'queued' : `${run.stage} (${run.stageIndex + 1} of ${run.stageCount})`
  return (
    <span className="run-status">
      <progress max={run.stageCount} value={run.status === 'queued' ? 0 : run.stageIndex} aria-label={`Progress: ${label}`} /> {label}
    </span>
  )
}
