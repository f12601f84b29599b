import { Health, Readiness } from '@vigil/contracts'
import { migrationStatus, type VigilDatabase } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'

export interface HealthDeps {
  readonly database: VigilDatabase
  readonly version: string
}

/** `/healthz`: the process answers. `/readyz`: the database answers and is fully migrated. */
export function healthRoutes(deps: HealthDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // Probes come every few seconds: their requests are logged only when something is wrong.
    app.get(
      '/healthz',
      { logLevel: 'warn', config: { permission: 'public' }, schema: { tags: ['health'], response: { 200: Health } } },
      async () => ({
        status: 'ok' as const,
        version: deps.version,
      }),
    )
    app.get(
      '/readyz',
      { logLevel: 'warn', config: { permission: 'public' }, schema: { tags: ['health'], response: { 200: Readiness, 503: Readiness } } },
      async (_request, reply) => {
        const migrations = await migrationStatus(deps.database.db).catch(() => ({ applied: 0, pending: -1 }))
        const ready = migrations.pending === 0
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', database: deps.database.kind, migrations })
      },
    )
  }
}
