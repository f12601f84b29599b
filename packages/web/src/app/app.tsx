import { useQuery } from '@tanstack/react-query'

type Health = { readonly status: string; readonly version: string }

async function fetchHealth(): Promise<Health> {
  const res = await fetch('/healthz')
  if (!res.ok) throw new Error(`health check failed: ${res.status}`)
  return (await res.json()) as Health
}

export function App() {
  const health = useQuery({ queryKey: ['healthz'], queryFn: fetchHealth })
  return (
    <main>
      <h1>Vigil</h1>
      <p>Detect coordinated inauthentic behaviour, share what you find, and answer lawful requests.</p>
      <p role="status">
        {health.isPending
          ? 'Checking the server…'
          : health.isError
            ? 'Server unreachable'
            : `Server ${health.data.status}, version ${health.data.version}`}
      </p>
    </main>
  )
}
