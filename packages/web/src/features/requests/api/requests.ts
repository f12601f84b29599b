import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  ActionResult,
  type CorrectRequestBody,
  IntakeDefaults,
  Org,
  RequestRecord,
  RequestView,
  type ReviewAction,
  type SubmitRequestBody,
} from '@vigil/contracts'
import { z } from 'zod'
import { api } from '../../../lib/api-client.js'

/** The caller's agency's requests (requesters) or its platform's (reviewers). */
export const useRequests = () =>
  useQuery({
    queryKey: ['requests'],
    queryFn: ({ signal }) => api('/api/v1/requests', z.object({ requests: z.array(RequestView) }), { signal }),
  })

export const useRequest = (id: string) =>
  useQuery({ queryKey: ['requests', id], queryFn: ({ signal }) => api(`/api/v1/requests/${id}`, RequestView, { signal }) })

/** The platforms a request can be addressed to. */
export const usePlatforms = () =>
  useQuery({
    queryKey: ['orgs'],
    queryFn: ({ signal }) => api('/api/v1/orgs', z.array(Org), { signal }),
    select: (orgs) => orgs.filter((o) => o.kind === 'platform' && o.status === 'active'),
  })

export function useSubmitRequest() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: SubmitRequestBody) => api('/api/v1/requests', RequestView, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['requests'] }),
  })
}

export function useRequestAction(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (action: ReviewAction) => api(`/api/v1/requests/${id}/actions`, ActionResult, { method: 'POST', body: action }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['requests'] }),
  })
}

/** A request's packages and audited events, download attempts included (its platform's reviewers). */
export const useRequestRecord = (id: string) =>
  useQuery({
    queryKey: ['requests', id, 'record'],
    queryFn: ({ signal }) => api(`/api/v1/requests/${id}/record`, RequestRecord, { signal }),
  })

/** What the intake form fills in from the requester's verified organisation. */
export const useIntakeDefaults = () =>
  useQuery({
    queryKey: ['requests', 'intake-defaults'],
    queryFn: ({ signal }) => api('/api/v1/requests/intake-defaults', IntakeDefaults, { signal }),
    retry: false,
  })

/** Corrects a request no reviewer has picked up yet (409 `REQUESTS_REVIEW_STARTED` after). */
export function useCorrectRequest(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: CorrectRequestBody) => api(`/api/v1/requests/${id}`, RequestView, { method: 'PUT', body }),
    // A 409 means a reviewer moved first: reload, so the page shows where the request now is.
    onSettled: () => client.invalidateQueries({ queryKey: ['requests'] }),
  })
}

/** Withdraws a request no reviewer has picked up yet (409 `REQUESTS_REVIEW_STARTED` after). */
export function useWithdrawRequest(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api(`/api/v1/requests/${id}/withdraw`, RequestView, { method: 'POST' }),
    // A 409 means a reviewer moved first: reload, so the page shows where the request now is.
    onSettled: () => client.invalidateQueries({ queryKey: ['requests'] }),
  })
}
