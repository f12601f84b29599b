import { AllowlistPanel } from '../features/detect/components/allowlist-panel.js'
import { NewRunForm } from '../features/detect/components/new-run-form.js'
import { RunList } from '../features/detect/components/run-list.js'

export function DetectPage() {
  return (
    <>
      <h1>Detect</h1>
      <p className="lead">
        Find coordinated inauthentic behaviour in a dump of posts: accounts that share the same things within seconds of each other.
      </p>
      <RunList />
      <NewRunForm />
      <AllowlistPanel />
    </>
  )
}
