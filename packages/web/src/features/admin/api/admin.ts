import { queryOptions, useMutation, useQuery } from '@tanstack/react-query'
import {
  ApiToken,
  type ApiTokenRequest,
  AuditPage,
  AuditVerifyResult,
  CreatedApiToken,
  OneTimeLink,
  Org,
  type OrgInput,
  User,
  type UserInput,
} from '@vigil/contracts'
import { z } from 'zod'
import { api } from '../../../lib/api-client.js'
import { useWrite } from '../../../lib/use-write.js'

export const getOrgsQueryOptions = () =>
  queryOptions({ queryKey: ['orgs'], queryFn: ({ signal }) => api('/api/v1/orgs', z.array(Org), { signal }) })
export const useOrgs = () => useQuery(getOrgsQueryOptions())

export const getUsersQueryOptions = () =>
  queryOptions({ queryKey: ['users'], queryFn: ({ signal }) => api('/api/v1/users', z.array(User), { signal }) })
export const useUsers = (enabled: boolean) => useQuery({ ...getUsersQueryOptions(), enabled })

export const getTokensQueryOptions = () =>
  queryOptions({ queryKey: ['tokens'], queryFn: ({ signal }) => api('/api/v1/tokens', z.array(ApiToken), { signal }) })
export const useTokens = () => useQuery(getTokensQueryOptions())

/** What the audit log page asks for: newest first, before a cursor, filtered (the API's `AuditQuery`). */
export type AuditFilters = Readonly<Partial<Record<'before' | 'action' | 'actor' | 'from' | 'to', string>>>

export const getAuditQueryOptions = (filters: AuditFilters = {}, limit = 50) =>
  queryOptions({
    queryKey: ['audit', filters, limit],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ order: 'desc', limit: String(limit) })
      for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v)
      return api(`/api/v1/audit?${params}`, AuditPage, { signal })
    },
  })
/** The newest audit entries (filtered) the caller may read. */
export const useAudit = (enabled: boolean, filters: AuditFilters = {}, limit = 50) =>
  useQuery({ ...getAuditQueryOptions(filters, limit), enabled })

export const useCreateOrg = () => useWrite('orgs', (body: OrgInput) => api('/api/v1/orgs', Org, { method: 'POST', body }))
export const useSetOrgDomains = () =>
  useWrite('orgs', ({ id, domains }: { id: string; domains: string[] }) =>
    api(`/api/v1/orgs/${id}/domains`, Org, { method: 'PUT', body: { domains } }),
  )
export const useSetOrgStatus = () =>
  useWrite('orgs', ({ id, status }: { id: string; status: 'active' | 'suspended' }) =>
    api(`/api/v1/orgs/${id}`, Org, { method: 'PATCH', body: { status } }),
  )
export const useCreateUser = () => useWrite('users', (body: UserInput) => api('/api/v1/users', User, { method: 'POST', body }))
export const useSetUserStatus = () =>
  useWrite('users', ({ id, status }: { id: string; status: 'active' | 'suspended' }) =>
    api(`/api/v1/users/${id}`, User, { method: 'PATCH', body: { status } }),
  )
export const useCreateToken = () =>
  useWrite('tokens', (body: ApiTokenRequest) => api('/api/v1/tokens', CreatedApiToken, { method: 'POST', body }))
export const useRevokeToken = () => useWrite('tokens', (id: string) => api(`/api/v1/tokens/${id}`, ApiToken, { method: 'DELETE' }))
export const useVerifyAudit = () => useMutation({ mutationFn: () => api('/api/v1/audit/verify', AuditVerifyResult) })

/** An invitation (first password) or password-reset link for a user; the issuer sends it. */
export const useIssueLink = () =>
  useMutation({
    mutationFn: ({ userId, purpose }: { userId: string; purpose: 'invitation' | 'password-reset' }) =>
      api(`/api/v1/users/${userId}/${purpose}`, OneTimeLink, { method: 'POST' }),
  })
