import type { KeyObject } from 'node:crypto'
import { AuditPage, AuditQuery, AuditVerifyResult } from '@vigil/contracts'
import { type AuditReader, listAuditEntries } from '@vigil/core'
import { checkpointPaths, isCheckpointAuthentic, readCheckpoint, type VigilDatabase, verifyAuditLog } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { actorOf } from '../auth/auth-hook.js'

export interface AuditRoutesDeps {
  readonly reader: AuditReader
  readonly database: VigilDatabase
  readonly dataDir: string
  readonly verifyKey: KeyObject
}

/** `/api/v1/audit`: read the log (scoped by organisation for auditors) and verify its chain (instance admin). */
export function auditRoutes(deps: AuditRoutesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/audit',
      {
        config: { permission: 'audit:read' },
        schema: { tags: ['audit'], summary: 'Audit log entries after a cursor', querystring: AuditQuery, response: { 200: AuditPage } },
      },
      async (request) => listAuditEntries(deps.reader, actorOf(request), request.query),
    )
    app.get(
      '/api/v1/audit/verify',
      {
        config: { permission: 'instance:admin' },
        schema: {
          tags: ['audit'],
          summary: 'Verify the hash chain against the latest signed checkpoint',
          response: { 200: AuditVerifyResult },
        },
      },
      async () => {
        const checkpoint = await readCheckpoint(checkpointPaths(deps.dataDir).latest)
        if (checkpoint && !isCheckpointAuthentic(checkpoint, deps.verifyKey)) {
          return {
            ok: false as const,
            entries: 0,
            seq: checkpoint.seq,
            reason: 'checkpoint-invalid' as const,
            message: "the checkpoint's signature does not verify",
          }
        }
        const verdict = await verifyAuditLog(deps.database.db, checkpoint ?? undefined)
        return verdict.ok
          ? { ok: true as const, entries: verdict.entries, checkpoint: checkpoint ? { seq: checkpoint.seq, at: checkpoint.at } : null }
          : { ok: false as const, entries: verdict.entries, seq: verdict.seq, reason: verdict.reason, message: verdict.message }
      },
    )
  }
}
