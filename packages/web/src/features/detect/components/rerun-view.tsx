import { Link, useParams } from 'react-router'
import { QueryState } from '../../../components/query-state.js'
import { useRerunDraft } from '../api/detect.js'
import { NewRunForm } from './new-run-form.js'
import './detect.css'

/**
 * Edit and re-run: why the run failed, and the run form filled in with its parameters and
 * its dumps (or a request to upload them again once the server no longer keeps them).
 * Submitting starts a new run; the failed one stays as it was.
 */
export function RerunView() {
  const id = useParams().id ?? ''
  const draft = useRerunDraft(id)
  return (
    <>
      <h1>Edit and re-run</h1>
      <p>
        <Link to={`/detect/runs/${encodeURIComponent(id)}`}>Back to the run</Link>
      </p>
      <QueryState query={draft}>
        {(d) => (
          <>
            {d.error && <p role="alert">The run failed: {d.error}</p>}
            <NewRunForm rerun={d} />
          </>
        )}
      </QueryState>
    </>
  )
}
