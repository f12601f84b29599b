import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Disclosure,
  type DisclosureInput,
  DisclosureList,
  type DisclosurePatch,
  DisclosurePostList,
  DisclosureReport,
  type PublishDisclosureInput,
} from '@vigil/contracts'
import { api } from '../../../lib/api-client.js'

const path = (id: string) => `/api/v1/disclosures/${encodeURIComponent(id)}`

export const useDisclosures = () =>
  useQuery({ queryKey: ['disclosures'], queryFn: ({ signal }) => api('/api/v1/disclosures', DisclosureList, { signal }) })

export const useDisclosure = (id: string) =>
  useQuery({ queryKey: ['disclosures', id], queryFn: ({ signal }) => api(path(id), Disclosure, { signal }) })

/** The networks' posts to pick samples from, redacted as the report will show them. */
export const useDisclosurePosts = (id: string) =>
  useQuery({
    queryKey: ['disclosures', id, 'posts'],
    queryFn: ({ signal }) => api(`${path(id)}/posts?limit=500`, DisclosurePostList, { signal }),
  })

/** The report: a draft preview, or the frozen published copy. */
export const useDisclosureReport = (id: string) =>
  useQuery({ queryKey: ['disclosures', id, 'report'], queryFn: ({ signal }) => api(`${path(id)}/report`, DisclosureReport, { signal }) })

export function useCreateDisclosure() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: DisclosureInput) => api('/api/v1/disclosures', Disclosure, { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['disclosures'] }),
  })
}

/** One workflow step or a change of the draft; every view of the disclosure is refreshed after it. */
export function useDisclosureAction(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (
      action:
        | { readonly kind: 'edit'; readonly patch: DisclosurePatch }
        | { readonly kind: 'submit' | 'approve' }
        | { readonly kind: 'publish'; readonly input: PublishDisclosureInput }
        | { readonly kind: 'withdraw'; readonly reason: string },
    ) => {
      switch (action.kind) {
        case 'edit':
          return api(path(id), Disclosure, { method: 'PATCH', body: action.patch })
        case 'publish':
          return api(`${path(id)}/publish`, Disclosure, { method: 'POST', body: action.input })
        case 'withdraw':
          return api(`${path(id)}/withdraw`, Disclosure, { method: 'POST', body: { reason: action.reason } })
        default:
          return api(`${path(id)}/${action.kind}`, Disclosure, { method: 'POST' })
      }
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['disclosures'] }),
  })
}
