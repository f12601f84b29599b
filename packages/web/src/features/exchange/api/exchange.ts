import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Collection, CorrelationList, IngestResult, ObjectEntry, ObjectPage, type Tlp } from '@vigil/contracts'
import { z } from 'zod'
import { api } from '../../../lib/api-client.js'

export const getCollectionsQueryOptions = () =>
  queryOptions({ queryKey: ['collections'], queryFn: ({ signal }) => api('/api/v1/collections', z.array(Collection), { signal }) })
export const useCollections = () => useQuery(getCollectionsQueryOptions())

/** The list filters a user can set; empty ones are left out of the query. */
export interface ObjectFilters {
  readonly type?: string
  readonly tlp?: Tlp | ''
  readonly collection?: string
  readonly q?: string
  readonly observable?: string
}

function objectsPath(filters: ObjectFilters, cursor: string | null): string {
  const params = new URLSearchParams({ limit: '50' })
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v)
  if (cursor) params.set('cursor', cursor)
  return `/api/v1/objects?${params}`
}

/** Objects the caller may see, in the order they were added, a page at a time. */
export const getObjectsQueryOptions = (filters: ObjectFilters) =>
  infiniteQueryOptions({
    queryKey: ['objects', filters],
    queryFn: ({ pageParam, signal }) => api(objectsPath(filters, pageParam), ObjectPage, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  })
export const useObjects = (filters: ObjectFilters) => useInfiniteQuery(getObjectsQueryOptions(filters))

const objectPath = (id: string) => `/api/v1/objects/${encodeURIComponent(id)}`

export const useObject = (id: string) =>
  useQuery({ queryKey: ['object', id], queryFn: ({ signal }) => api(objectPath(id), ObjectEntry, { signal }) })
export const useObjectHistory = (id: string) =>
  useQuery({
    queryKey: ['object', id, 'history'],
    queryFn: ({ signal }) => api(`${objectPath(id)}/history`, z.object({ versions: z.array(ObjectEntry) }), { signal }),
  })
export const useRelationships = (id: string) =>
  useQuery({
    queryKey: ['object', id, 'relationships'],
    queryFn: ({ signal }) => api(`${objectPath(id)}/relationships`, ObjectPage, { signal }),
  })

export function useImportBundle() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ collectionId, bundle, tlp }: { collectionId: string; bundle: unknown; tlp?: Tlp }) =>
      api(`/api/v1/collections/${collectionId}/objects${tlp ? `?tlp=${encodeURIComponent(tlp)}` : ''}`, IngestResult, {
        method: 'POST',
        body: bundle,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['objects'] }),
  })
}

export const useCorrelations = () =>
  useQuery({ queryKey: ['correlations'], queryFn: ({ signal }) => api('/api/v1/correlations', CorrelationList, { signal }) })

export function useDismissCorrelation() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api(`/api/v1/correlations/${id}/dismiss`, z.unknown(), { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['correlations'] }),
  })
}
