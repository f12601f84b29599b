import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  InitiatorBlinded,
  type InitiatorOutcome,
  Org,
  type OrgId,
  PsiOrgKey,
  PsiSession,
  PsiSessionAudit,
  PsiSessionList,
  type PsiSessionProposal,
  ResponderReply,
} from '@vigil/contracts'
import { z } from 'zod'
import { api } from '../../../lib/api-client.js'

const KEY = 'psi'
const at = (id: string, step = '') => `/api/v1/psi/sessions/${id}${step}`

/** The sessions the caller's organisation takes part in, newest first; refreshed so new proposals show up. */
export const usePsiSessions = () =>
  useQuery({
    queryKey: [KEY],
    queryFn: ({ signal }) => api('/api/v1/psi/sessions', PsiSessionList, { signal }),
    refetchInterval: 5000,
  })

/** One session; refreshed every few seconds while it is not final. */
export const usePsiSession = (id: string) =>
  useQuery({
    queryKey: [KEY, id],
    queryFn: ({ signal }) => api(at(id), PsiSession, { signal }),
    refetchInterval: (query) => (['completed', 'declined', 'expired'].includes(query.state.data?.status ?? '') ? false : 3000),
  })

/** The session's audit trail, refreshed with the session. */
export const usePsiAudit = (id: string, status: string | undefined) =>
  useQuery({
    queryKey: [KEY, id, 'audit', status],
    queryFn: ({ signal }) => api(at(id, '/audit'), PsiSessionAudit, { signal }),
  })

/** Every organisation of the instance, by id (for names, and the responders one can propose to). */
export const useOrgs = () => useQuery({ queryKey: ['orgs'], queryFn: ({ signal }) => api('/api/v1/orgs', z.array(Org), { signal }) })

export function useProposePsiSession() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: PsiSessionProposal) => api('/api/v1/psi/sessions', PsiSession, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY] }),
  })
}

/** The responder's answer to a proposal: accept or decline (with an optional reason). */
export function useAnswerPsiSession(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (answer: { accept: true } | { accept: false; reason?: string }) =>
      answer.accept
        ? api(at(id, '/accept'), PsiSession, { method: 'POST' })
        : api(at(id, '/decline'), PsiSession, { method: 'POST', body: answer.reason ? { reason: answer.reason } : {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY] }),
  })
}

/** The calls a browser run of one side makes, each answer checked by its schema. */
export const psiTransport = {
  session: (id: string) => api(at(id), PsiSession),
  psiKey: (orgId: OrgId) => api(`/api/v1/psi/keys/${orgId}`, PsiOrgKey),
  registerKey: (publicKey: string) => api('/api/v1/psi/key', PsiOrgKey, { method: 'PUT', body: { publicKey } }),
  postInitiatorMessage: (id: string, message: InitiatorBlinded) =>
    api(at(id, '/initiator-message'), PsiSession, { method: 'PUT', body: message }),
  initiatorMessage: (id: string) => api(at(id, '/initiator-message'), InitiatorBlinded),
  postResponderReply: (id: string, reply: ResponderReply) => api(at(id, '/responder-message'), PsiSession, { method: 'PUT', body: reply }),
  responderReply: (id: string) => api(at(id, '/responder-message'), ResponderReply),
  complete: (id: string, outcome: InitiatorOutcome) => api(at(id, '/outcome'), PsiSession, { method: 'POST', body: outcome }),
}
export type PsiTransport = typeof psiTransport
