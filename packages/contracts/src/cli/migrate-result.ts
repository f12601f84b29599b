import { z } from 'zod'

/**
 * `vigil migrate --json`: the migrations this run applied, and the database it ran on.
 *
 * @example
 * MigrateResult.parse({ database: 'pglite', applied: ['0001-foundation'] })
 */
export const MigrateResult = z.object({
  database: z.enum(['pglite', 'postgres']),
  applied: z.array(z.string()),
})
export type MigrateResult = z.infer<typeof MigrateResult>
