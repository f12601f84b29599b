import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Collection,
  CorrelationList,
  IngestResult,
  MispImportResult,
  ObjectEntry,
  ObjectPage,
  Org,
  SightingSummary,
  type TagTechniquesInput,
  TechniqueTagList,
  type Tlp,
} from '@vigil/contracts'
import { z } from 'zod'
import { api } from '../../../lib/api-client.js'

export const getCollectionsQueryOptions = () =>
  queryOptions({ queryKey: ['collections'], queryFn: ({ signal }) => api('/api/v1/collections', z.array(Collection), { signal }) })
export const useCollections = () => useQuery(getCollectionsQueryOptions())

/** The collections the caller may write to (none while they load). */
export const useWritableCollections = () => useCollections().data?.filter((c) => c.canWrite) ?? []

/** The list filters a user can set; empty ones are left out of the query. */
export interface ObjectFilters {
  readonly type?: string
  readonly tlp?: Tlp | ''
  readonly collection?: string
  readonly q?: string
  readonly observable?: string
  readonly creator_org?: string
  readonly modified_after?: string
  readonly modified_before?: string
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

/** The objects with these ids that the caller may see (one page), e.g. the other ends of relationships. */
export const useObjectsById = (ids: readonly string[]) =>
  useQuery({
    queryKey: ['objects', 'by-id', ids],
    queryFn: ({ signal }) => api(`/api/v1/objects?${new URLSearchParams({ id: ids.join(','), limit: '1000' })}`, ObjectPage, { signal }),
    enabled: ids.length > 0,
  })

/** Adds a STIX bundle to a collection; objects without a marking get `tlp` (or the collection's default). */
const postBundle = (collectionId: string, bundle: unknown, tlp?: Tlp) =>
  api(`/api/v1/collections/${collectionId}/objects${tlp ? `?tlp=${encodeURIComponent(tlp)}` : ''}`, IngestResult, {
    method: 'POST',
    body: bundle,
  })

/** The formats an analyst can import: a STIX 2.1 bundle, or a MISP event that the server maps to STIX. */
export type ImportFormat = 'stix' | 'misp'

export function useImport() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ format, collectionId, body, tlp }: { format: ImportFormat; collectionId: string; body: unknown; tlp?: Tlp }) =>
      format === 'misp'
        ? api(`/api/v1/collections/${collectionId}/misp`, MispImportResult, { method: 'POST', body })
        : postBundle(collectionId, body, tlp),
    onSuccess: () => client.invalidateQueries({ queryKey: ['objects'] }),
  })
}

/** Who confirmed an object, per organisation, within what the caller may see. */
export const useSightings = (id: string) =>
  useQuery({
    queryKey: ['object', id, 'sightings'],
    queryFn: ({ signal }) => api(`/api/v1/sightings?object=${encodeURIComponent(id)}`, SightingSummary, { signal }),
  })

const randomUuid = (): string => {
  // crypto.randomUUID needs a secure context; an instance on a plain-HTTP intranet address is not one.
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * "I saw this too": a STIX `sighting` of the object by the caller's organisation, under
 * the object's own TLP, stored in a collection the caller writes to.
 */
export function useReportSighting(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ collectionId, tlp }: { collectionId: string; tlp: Tlp }) => {
      const now = new Date().toISOString()
      const sighting = {
        type: 'sighting',
        spec_version: '2.1',
        id: `sighting--${randomUuid()}`,
        created: now,
        modified: now,
        first_seen: now,
        last_seen: now,
        count: 1,
        sighting_of_ref: id,
      }
      return postBundle(collectionId, { type: 'bundle', id: `bundle--${randomUuid()}`, objects: [sighting] }, tlp)
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['object', id] }),
  })
}

/** Withdraws the caller's organisation's sightings of object `id` (a revoked version of each, audited). */
export function useWithdrawSighting(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (sightingIds: readonly string[]) =>
      Promise.all(sightingIds.map((s) => api(`/api/v1/sightings/${encodeURIComponent(s)}/withdraw`, z.undefined(), { method: 'POST' }))),
    onSuccess: () => client.invalidateQueries({ queryKey: ['object', id] }),
  })
}

/** The DISARM techniques an object is tagged with. */
export const useTechniques = (id: string) =>
  useQuery({
    queryKey: ['object', id, 'techniques'],
    queryFn: ({ signal }) => api(`/api/v1/techniques?object=${encodeURIComponent(id)}`, TechniqueTagList, { signal }),
  })

/** The techniques of the imported framework (DISARM's `attack-pattern`s) matching `q`. */
export const useAttackPatterns = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: ['objects', 'attack-patterns', q],
    queryFn: ({ signal }) =>
      api(`/api/v1/objects?${new URLSearchParams({ type: 'attack-pattern', limit: '50', ...(q ? { q } : {}) })}`, ObjectPage, { signal }),
    enabled,
  })

export function useTagTechniques(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: TagTechniquesInput) => api('/api/v1/techniques', IngestResult, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['object', id] }),
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

/** The organisations the caller may see, to name an object's author (the admin feature lists the same under the same key). */
export const useOrgNames = () => useQuery({ queryKey: ['orgs'], queryFn: ({ signal }) => api('/api/v1/orgs', z.array(Org), { signal }) })
