import { useQuery } from '@tanstack/react-query'
import {
  Collection,
  type CollectionGrantsInput,
  type CollectionInput,
  type CollectionPatch,
  SharingGroup,
  type SharingGroupInput,
} from '@vigil/contracts'
import { z } from 'zod'
import { api } from '../../../lib/api-client.js'
import { useWrite } from '../../../lib/use-write.js'

export const useSharingGroups = () =>
  useQuery({ queryKey: ['sharing-groups'], queryFn: ({ signal }) => api('/api/v1/sharing-groups', z.array(SharingGroup), { signal }) })

export const useCreateSharingGroup = () =>
  useWrite('sharing-groups', (body: SharingGroupInput) => api('/api/v1/sharing-groups', SharingGroup, { method: 'POST', body }))
export const useSetGroupMembers = () =>
  useWrite('sharing-groups', ({ id, memberOrgIds }: { id: string; memberOrgIds: readonly string[] }) =>
    api(`/api/v1/sharing-groups/${id}/members`, SharingGroup, { method: 'PUT', body: { memberOrgIds } }),
  )
export const useCreateCollection = () =>
  useWrite('collections', (body: CollectionInput) => api('/api/v1/collections', Collection, { method: 'POST', body }))
export const useUpdateCollection = () =>
  useWrite('collections', ({ id, patch }: { id: string; patch: CollectionPatch }) =>
    api(`/api/v1/collections/${id}`, Collection, { method: 'PATCH', body: patch }),
  )
export const useSetCollectionGrants = () =>
  useWrite('collections', ({ id, grants }: { id: string; grants: CollectionGrantsInput }) =>
    api(`/api/v1/collections/${id}/grants`, Collection, { method: 'PUT', body: grants }),
  )
