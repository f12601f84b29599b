import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Allowlist,
  AllowlistEntry,
  type AllowlistInput,
  type DetectionRun,
  DetectionRunList,
  DetectionRun as DetectionRunSchema,
  type DetectRunRequest,
  IngestResult,
  type PublishNetworksInput,
  PublishPreview,
  RerunDraft,
  type RerunRequest,
  RunGraph,
  RunNetworkDetail,
  RunNetworkList,
  ServerDumpList,
  TriageDecision,
  type TriageInput,
} from '@vigil/contracts'
import { z } from 'zod'
import { api } from '../../../lib/api-client.js'

/** How often a page asks again while a run is queued or running. */
const POLL_MS = 1000

export const isActive = (run: DetectionRun) => run.status === 'queued' || run.status === 'running'

/** Dumps the operator put in the server's dump directory. */
export const useDumpFiles = () =>
  useQuery({ queryKey: ['detect', 'files'], queryFn: ({ signal }) => api('/api/v1/detect/files', ServerDumpList, { signal }) })

/** The organisation's runs, newest first; polled while any of them is still going. */
export const useRuns = () =>
  useQuery({
    queryKey: ['detect', 'runs'],
    queryFn: ({ signal }) => api('/api/v1/detect/runs', DetectionRunList, { signal }),
    refetchInterval: (query) => (query.state.data?.runs.some(isActive) ? POLL_MS : false),
  })

const runPath = (id: string) => `/api/v1/detect/runs/${encodeURIComponent(id)}`

/** One run; polled until it completes or fails, so its progress moves on screen. */
export const useRun = (id: string) =>
  useQuery({
    queryKey: ['detect', 'runs', id],
    queryFn: ({ signal }) => api(runPath(id), DetectionRunSchema, { signal }),
    refetchInterval: (query) => {
      const run = query.state.data
      return query.state.status === 'error' || (run && !isActive(run)) ? false : POLL_MS
    },
  })

export const useRunNetworks = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['detect', 'runs', id, 'networks'],
    queryFn: ({ signal }) => api(`${runPath(id)}/networks`, RunNetworkList, { signal }),
    enabled,
  })

export const useRunGraph = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['detect', 'runs', id, 'graph'],
    queryFn: ({ signal }) => api(`${runPath(id)}/graph`, RunGraph, { signal }),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  })

const networkPath = (runId: string, networkId: string) => `${runPath(runId)}/networks/${encodeURIComponent(networkId)}`

export const useNetwork = (runId: string, networkId: string) =>
  useQuery({
    queryKey: ['detect', 'runs', runId, 'networks', networkId],
    queryFn: ({ signal }) => api(networkPath(runId, networkId), RunNetworkDetail, { signal }),
  })

/** Starts a run over uploaded files (multipart) or over files on the server (JSON). */
export function useStartRun() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { upload: FormData } | { server: DetectRunRequest }) =>
      api('/api/v1/detect/runs', DetectionRunSchema, { method: 'POST', body: 'upload' in input ? input.upload : input.server }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['detect', 'runs'] }),
  })
}

export function useTriage(runId: string, networkId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: TriageInput) => api(`${networkPath(runId, networkId)}/triage`, TriageDecision, { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['detect', 'runs', runId] }),
  })
}

export const useAllowlist = () =>
  useQuery({ queryKey: ['detect', 'allowlist'], queryFn: ({ signal }) => api('/api/v1/detect/allowlist', Allowlist, { signal }) })

/** Adds to or removes from the allowlist; a network's members show whether they are on it. */
export function useAllowlistChange() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: { add: AllowlistInput } | { remove: string }) =>
      'add' in change
        ? api('/api/v1/detect/allowlist', AllowlistEntry, { method: 'POST', body: change.add })
        : api(`/api/v1/detect/allowlist/${encodeURIComponent(change.remove)}`, z.unknown(), { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['detect'] }),
  })
}

/** What publishing would share (members without allowlisted accounts, objects, readers); nothing is published. */
export function usePublishPreview(runId: string) {
  return useMutation({
    mutationFn: (input: PublishNetworksInput) => api(`${runPath(runId)}/publish/preview`, PublishPreview, { method: 'POST', body: input }),
  })
}

export function usePublish(runId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: PublishNetworksInput) => api(`${runPath(runId)}/publish`, IngestResult, { method: 'POST', body: input }),
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: ['objects'] }), client.invalidateQueries({ queryKey: ['detect', 'runs', runId] })]),
  })
}

/** What an edited re-run of a run starts from: its parameters, why it failed, whether its dumps are kept. */
export const useRerunDraft = (runId: string) =>
  useQuery({
    queryKey: ['detect', 'runs', runId, 'rerun'],
    queryFn: ({ signal }) => api(`${runPath(runId)}/rerun`, RerunDraft, { signal }),
    staleTime: 0,
  })

/** Starts a new run over the dumps `runId` read (all still kept), with edited parameters. */
export function useRerun(runId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: RerunRequest) => api(`${runPath(runId)}/rerun`, DetectionRunSchema, { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['detect', 'runs'] }),
  })
}
