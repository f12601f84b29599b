import { queryOptions, useQuery } from '@tanstack/react-query'
import { Health, Readiness } from '@vigil/contracts'
import { api } from '../../../lib/api-client.js'

export const getHealthQueryOptions = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: async ({ signal }) => ({
      health: await api('/healthz', Health, { signal }),
      readiness: await api('/readyz', Readiness, { signal }),
    }),
  })

export const useHealth = () => useQuery(getHealthQueryOptions())
