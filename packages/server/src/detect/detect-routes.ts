import multipart from '@fastify/multipart'
import {
  Allowlist,
  AllowlistAccount,
  AllowlistEntry,
  AllowlistInput,
  DetectionRun,
  DetectionRunList,
  DetectParams,
  type DetectRunFile,
  DetectRunId,
  DetectRunRequest,
  DumpFileName,
  IngestResult,
  PublishNetworksInput,
  PublishPreview,
  RerunDraft,
  RerunRequest,
  RunGraph,
  RunGraphQuery,
  RunNetworkDetail,
  RunNetworkId,
  RunNetworkList,
  ServerDumpList,
  TriageDecision,
  TriageInput,
} from '@vigil/contracts'
import {
  type Actor,
  allowAccount,
  type DetectDeps,
  detectUser,
  disallowAccount,
  MAX_RUN_DUMPS,
  parseInput,
  previewPublication,
  publishNetworks,
  rerunDetectRun,
  rerunDraft,
  startDetectRun,
  triageNetwork,
  VigilError,
} from '@vigil/core'
import { type DetectReads, listServerDumps, renderDetectOutputs, saveDump, zipFiles } from '@vigil/storage'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'

export interface DetectRoutesDeps {
  /** The use cases' ports (`createDetectDeps`). */
  readonly detect: DetectDeps
  /** A run's outputs as the reading user may see them, for the export. */
  readonly runs: Pick<DetectReads, 'outputs'>
  readonly dumpDir: string
  readonly uploadsDir: string
  readonly uploadLimit: number
}

const RunParams = z.object({ id: DetectRunId })
const NetworkParams = z.object({ id: DetectRunId, networkId: RunNetworkId })
const AccountParams = z.object({ account: AllowlistAccount })
const tags = ['detect']

/** The signed-in user of the request. @throws VigilError `AUTH_FORBIDDEN` for any other actor */
export function userOf(request: FastifyRequest): Actor & { kind: 'user' } {
  const actor = actorOf(request)
  if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'detection runs belong to a user of an organisation')
  return actor
}

/** The user reading the detect routes, with `detect:read` (checked by `can()`). */
const readerOf = (request: FastifyRequest) => detectUser(actorOf(request), 'detect:read')

function parseParams(value: unknown): DetectParams {
  return parseInput(DetectParams, value, { root: 'params' })
}

/**
 * Reads a multipart run request: each `dump` file part is streamed to the uploads directory
 * (never held in memory), and the `params` field holds the parameters as JSON.
 */
async function readMultipartRun(
  request: FastifyRequest,
  deps: Pick<DetectRoutesDeps, 'uploadsDir' | 'uploadLimit'>,
): Promise<{ files: DetectRunFile[]; params: DetectParams }> {
  const files: DetectRunFile[] = []
  let params: unknown = {}
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'dump')
        throw new VigilError('VALIDATION_FAILED', `unexpected file field ${part.fieldname}; send dumps as "dump"`)
      const name = DumpFileName.safeParse(part.filename.split(/[/\\]/).pop() ?? '')
      files.push(await saveDump(deps.uploadsDir, name.success ? name.data : 'upload.csv', part.file, deps.uploadLimit))
    } else if (part.fieldname === 'params') {
      try {
        params = JSON.parse(String(part.value))
      } catch {
        throw new VigilError('VALIDATION_FAILED', 'params: not JSON')
      }
    }
  }
  return { files, params: parseParams(params) }
}

/**
 * `/api/v1/detect/…`: server-side detection runs (a pg-boss job each), their networks and
 * graph, triage, the organisation's allowlist, and publishing networks as STIX into the
 * exchange. Every read is limited to the caller's organisation.
 */
export function detectRoutes(deps: DetectRoutesDeps): FastifyPluginAsyncZod {
  const { detect } = deps
  const { store } = detect
  const now = () => detect.clock.now()
  return async (app) => {
    await app.register(multipart, {
      limits: { files: MAX_RUN_DUMPS, fileSize: deps.uploadLimit + 1, fields: 10, fieldSize: 64 * 1024 },
    })

    app.get(
      '/api/v1/detect/files',
      {
        config: { permission: 'detect:run' },
        schema: { tags, summary: "The dumps in the server's dump directory", response: { 200: ServerDumpList } },
      },
      async () => ({ files: await listServerDumps(deps.dumpDir) }),
    )

    app.post(
      '/api/v1/detect/runs',
      {
        config: { permission: 'detect:run' },
        schema: {
          tags,
          summary: 'Start a detection run: multipart "dump" files and a "params" JSON field, or JSON { serverFiles, params }',
          response: { 202: DetectionRun },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request)
        // A refusal before the upload is read: no dump is stored for a run that cannot start.
        if (!detect.queue) throw new VigilError('STORAGE_UNAVAILABLE', 'detection jobs do not run on this server')
        if (request.isMultipart()) {
          const { files, params } = await readMultipartRun(request, deps)
          return reply.code(202).send(await startDetectRun(detect, actor, { uploaded: files }, params))
        }
        const body = parseInput(DetectRunRequest, request.body, 'body')
        return reply.code(202).send(await startDetectRun(detect, actor, { serverFiles: body.serverFiles }, body.params))
      },
    )
    app.get(
      '/api/v1/detect/runs/:id/rerun',
      {
        config: { permission: 'detect:run' },
        schema: {
          tags,
          summary: 'What re-running a run starts from: its parameters, why it failed, and whether its dumps are still kept',
          params: RunParams,
          response: { 200: RerunDraft },
        },
      },
      async (request) => rerunDraft(detect, actorOf(request), request.params.id),
    )
    app.post(
      '/api/v1/detect/runs/:id/rerun',
      {
        config: { permission: 'detect:run' },
        schema: {
          tags,
          summary: 'Start a new run over the dumps a finished run read, with edited parameters (audited)',
          params: RunParams,
          body: RerunRequest,
          response: { 202: DetectionRun },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await rerunDetectRun(detect, actorOf(request), request.params.id, request.body.params)),
    )

    app.get(
      '/api/v1/detect/runs',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: "The organisation's runs, newest first", response: { 200: DetectionRunList } },
      },
      async (request) => ({ runs: await store.listRuns(readerOf(request)) }),
    )
    app.get(
      '/api/v1/detect/runs/:id',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: 'One run: status, stage, summary', params: RunParams, response: { 200: DetectionRun } },
      },
      async (request) => store.getRun(readerOf(request), request.params.id),
    )
    app.get(
      '/api/v1/detect/runs/:id/networks',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: "The run's networks, highest score first", params: RunParams, response: { 200: RunNetworkList } },
      },
      async (request) => ({ networks: await store.listNetworks(readerOf(request), request.params.id) }),
    )
    app.get(
      '/api/v1/detect/runs/:id/graph',
      {
        config: { permission: 'detect:read' },
        schema: {
          tags,
          summary: "The run's accounts and heaviest edges",
          params: RunParams,
          querystring: RunGraphQuery,
          response: { 200: RunGraph },
        },
      },
      async (request) => store.graph(readerOf(request), request.params.id, request.query.limit),
    )
    app.get(
      '/api/v1/detect/runs/:id/export',
      {
        config: { permission: 'detect:read' },
        schema: {
          tags,
          summary: "A completed run's results as `vigil detect` writes them (zip: networks.json, accounts.csv, edges/, report.html)",
          params: RunParams,
        },
      },
      async (request, reply) => {
        const outputs = await deps.runs.outputs(readerOf(request), request.params.id)
        const zip = await zipFiles(
          renderDetectOutputs(outputs).map((f) => ({ name: `vigil-detect-${request.params.id}/${f.path}`, content: f.content })),
          now(),
        )
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="vigil-detect-${request.params.id}.zip"`)
          .header('cache-control', 'no-store')
          .send(zip)
      },
    )
    app.get(
      '/api/v1/detect/runs/:id/networks/:networkId',
      {
        config: { permission: 'detect:read' },
        schema: {
          tags,
          summary: 'One network: members, evidence, DISARM techniques, triage history',
          params: NetworkParams,
          response: { 200: RunNetworkDetail },
        },
      },
      async (request) => store.getNetwork(readerOf(request), request.params.id, request.params.networkId),
    )
    app.post(
      '/api/v1/detect/runs/:id/networks/:networkId/triage',
      {
        config: { permission: 'detect:triage' },
        schema: {
          tags,
          summary: 'Triage a network (audited)',
          params: NetworkParams,
          body: TriageInput,
          response: { 200: TriageDecision },
        },
      },
      async (request) => triageNetwork(detect, actorOf(request), request.params.id, request.params.networkId, request.body),
    )

    app.get(
      '/api/v1/detect/allowlist',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: "The organisation's allowlisted accounts", response: { 200: Allowlist } },
      },
      async (request) => ({ entries: await store.listAllowlist(readerOf(request)) }),
    )
    app.post(
      '/api/v1/detect/allowlist',
      {
        config: { permission: 'detect:triage' },
        schema: {
          tags,
          summary: 'Allowlist an account: later runs never flag it (audited)',
          body: AllowlistInput,
          response: { 201: AllowlistEntry },
        },
      },
      async (request, reply) => reply.code(201).send(await allowAccount(detect, actorOf(request), request.body.account, request.body.note)),
    )
    app.delete(
      '/api/v1/detect/allowlist/:account',
      {
        config: { permission: 'detect:triage' },
        schema: { tags, summary: 'Take an account off the allowlist (audited)', params: AccountParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await disallowAccount(detect, actorOf(request), request.params.account)
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/api/v1/detect/runs/:id/publish/preview',
      {
        config: { permission: 'detect:publish' },
        schema: {
          tags,
          summary: 'What publishing would share: members without allowlisted accounts, objects, and who reads it at that TLP',
          params: RunParams,
          body: PublishNetworksInput,
          response: { 200: PublishPreview },
        },
      },
      async (request) => previewPublication(detect, actorOf(request), request.params.id, request.body, now()),
    )
    app.post(
      '/api/v1/detect/runs/:id/publish',
      {
        config: { permission: 'detect:publish' },
        schema: {
          tags,
          summary: 'Publish confirmed networks as STIX into a collection the caller may write, without allowlisted accounts (audited)',
          params: RunParams,
          body: PublishNetworksInput,
          response: { 200: IngestResult },
        },
      },
      async (request) => publishNetworks(detect, actorOf(request), request.params.id, request.body, now()),
    )
  }
}
