import { z } from 'zod'

/**
 * `/healthz`: the process is up. `/readyz`: the database answers and is migrated.
 *
 * @example
 * Health.parse({ status: 'ok', version: '0.1.0' })
 */
export const Health = z.object({ status: z.literal('ok'), version: z.string() })
export type Health = z.infer<typeof Health>

export const Readiness = z.object({
  status: z.enum(['ready', 'not-ready']),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.object({ applied: z.number().int(), pending: z.number().int() }),
})
export type Readiness = z.infer<typeof Readiness>
