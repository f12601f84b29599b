import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'

/** Loading, error and empty states in one place, so every list shows them the same way. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  readonly query: UseQueryResult<T>
  readonly isEmpty?: (data: T) => boolean
  readonly empty?: ReactNode
  readonly children: (data: T) => ReactNode
}) {
  if (query.isPending) return <p role="status">Loading…</p>
  if (query.isError) return <p role="alert">Could not load: {query.error.message}</p>
  if (isEmpty?.(query.data)) return <p className="empty">{empty ?? 'Nothing here yet.'}</p>
  return <>{children(query.data)}</>
}
