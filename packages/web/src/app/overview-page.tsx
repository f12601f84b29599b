import { ServerStatus } from '../features/health/components/server-status.js'

export function OverviewPage() {
  return (
    <>
      <h1>Overview</h1>
      <p className="lead">Detect coordinated inauthentic behaviour, share what you find under TLP, and answer lawful requests for data.</p>
      <ServerStatus />
    </>
  )
}
