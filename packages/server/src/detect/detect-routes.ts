import { randomUUID } from 'node:crypto'
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
  RunGraph,
  RunGraphQuery,
  RunNetworkDetail,
  RunNetworkId,
  RunNetworkList,
  ServerDumpList,
  TriageDecision,
  TriageInput,
} from '@vigil/contracts'
import { type Actor, type Clock, type PublishNetworksDeps, parseInput, previewPublication, publishNetworks, VigilError } from '@vigil/core'
import {
  type DetectRunStore,
  type ExchangeStore,
  importServerDump,
  listServerDumps,
  renderDetectOutputs,
  saveDump,
  type VigilDatabase,
  zipFiles,
} from '@vigil/storage'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'
import type { DetectQueue } from './detect-queue.js'

export interface DetectRoutesDeps {
  readonly database: VigilDatabase
  readonly store: DetectRunStore
  readonly exchange: ExchangeStore
  readonly clock: Clock
  /** The job queue; absent where no worker runs (runs cannot then be started). */
  readonly queue: Pick<DetectQueue, 'enqueue'> | undefined
  readonly dumpDir: string
  readonly uploadsDir: string
  readonly uploadLimit: number
}

const RunParams = z.object({ id: DetectRunId })
const NetworkParams = z.object({ id: DetectRunId, networkId: RunNetworkId })
const AccountParams = z.object({ account: AllowlistAccount })
const MAX_DUMP_FILES = 20
const tags = ['detect']

export function userOf(request: FastifyRequest): Actor & { kind: 'user' } {
  const actor = actorOf(request)
  if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'detection runs belong to a user of an organisation')
  return actor
}

function parseParams(value: unknown): DetectParams {
  return parseInput(DetectParams, value, { root: 'params' })
}

/**
 * Reads a multipart run request: each `dump` file part is streamed to the uploads directory
 * (never held in memory), and the `params` field holds the parameters as JSON.
 */
async function readMultipartRun(
  request: FastifyRequest,
  deps: DetectRoutesDeps,
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
  if (files.length === 0) throw new VigilError('VALIDATION_FAILED', 'send at least one "dump" file')
  return { files, params: parseParams(params) }
}

/**
 * `/api/v1/detect/…`: server-side detection runs (a pg-boss job each), their networks and
 * graph, triage, the organisation's allowlist, and publishing networks as STIX into the
 * exchange. Every read is limited to the caller's organisation.
 */
export function detectRoutes(deps: DetectRoutesDeps): FastifyPluginAsyncZod {
  const { store } = deps
  const now = () => deps.clock.now()
  const publishDeps: PublishNetworksDeps = {
    networksFile: store.networksFile,
    latestTriage: store.latestTriage,
    allowlistedAccounts: store.allowlistedAccounts,
    writableCollection: async (actor, collectionId) => {
      const c = await deps.exchange.requireWritable(actor, collectionId)
      const full = await deps.exchange.getCollection(actor, c.id)
      const names = await store.readerNames(full.read.orgIds, full.read.groupIds)
      return { title: full.title, everyone: full.read.everyone, ...names }
    },
    addObjects: (actor, collectionId, objects, tlp) => deps.exchange.addObjects(actor, collectionId, objects, { tlp }),
    recordPublication: store.recordPublication,
  }
  return async (app) => {
    await app.register(multipart, {
      limits: { files: MAX_DUMP_FILES, fileSize: deps.uploadLimit + 1, fields: 10, fieldSize: 64 * 1024 },
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
        const actor = userOf(request)
        if (!deps.queue) throw new VigilError('STORAGE_UNAVAILABLE', 'detection jobs do not run on this server')
        let files: DetectRunFile[]
        let params: DetectParams
        if (request.isMultipart()) {
          ;({ files, params } = await readMultipartRun(request, deps))
        } else {
          const body = parseInput(DetectRunRequest, request.body, 'body')
          files = []
          for (const name of body.serverFiles) files.push(await importServerDump(deps.dumpDir, deps.uploadsDir, name, deps.uploadLimit))
          params = body.params
        }
        const run = await store.createRun({ id: randomUUID(), orgId: actor.orgId, createdBy: actor.userId, files, params, now: now() })
        await deps.queue.enqueue(run.id)
        return reply.code(202).send(run)
      },
    )

    app.get(
      '/api/v1/detect/runs',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: "The organisation's runs, newest first", response: { 200: DetectionRunList } },
      },
      async (request) => ({ runs: await store.listRuns(userOf(request).orgId) }),
    )
    app.get(
      '/api/v1/detect/runs/:id',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: 'One run: status, stage, summary', params: RunParams, response: { 200: DetectionRun } },
      },
      async (request) => store.getRun(userOf(request).orgId, request.params.id),
    )
    app.get(
      '/api/v1/detect/runs/:id/networks',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: "The run's networks, highest score first", params: RunParams, response: { 200: RunNetworkList } },
      },
      async (request) => ({ networks: await store.listNetworks(userOf(request).orgId, request.params.id) }),
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
      async (request) => store.graph(userOf(request).orgId, request.params.id, request.query.limit),
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
        const outputs = await store.outputs(userOf(request).orgId, request.params.id)
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
      async (request) => store.getNetwork(userOf(request).orgId, request.params.id, request.params.networkId),
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
      async (request) => store.triage(userOf(request), request.params.id, request.params.networkId, request.body, now()),
    )

    app.get(
      '/api/v1/detect/allowlist',
      {
        config: { permission: 'detect:read' },
        schema: { tags, summary: "The organisation's allowlisted accounts", response: { 200: Allowlist } },
      },
      async (request) => ({ entries: await store.listAllowlist(userOf(request).orgId) }),
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
      async (request, reply) => reply.code(201).send(await store.allow(userOf(request), request.body.account, request.body.note, now())),
    )
    app.delete(
      '/api/v1/detect/allowlist/:account',
      {
        config: { permission: 'detect:triage' },
        schema: { tags, summary: 'Take an account off the allowlist (audited)', params: AccountParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await store.disallow(userOf(request), request.params.account, now())
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
      async (request) => previewPublication(publishDeps, userOf(request), request.params.id, request.body, now()),
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
      async (request) => publishNetworks(publishDeps, userOf(request), request.params.id, request.body, now()),
    )
  }
}
