import { z } from 'zod'

/**
 * One entry of the hash-chained audit log, as `GET /api/v1/audit` returns it.
 *
 * @example
 * { seq: 42, at: '2026-03-01T12:00:00.000Z', actor: 'user:…', action: 'auth.login', targetType: 'user', targetId: '…', outcome: 'success', requestId: '…', details: {}, prevHash: '…', hash: '…' }
 */
export const AuditEntry = z.object({
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

/**
 * `GET /api/v1/audit?after=&limit=`: entries in `seq` order after a cursor.
 *
 * @example
 * AuditQuery.parse({ after: '100', limit: '50' })
 */
export const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  action: z.string().max(100).optional(),
})
export type AuditQuery = z.infer<typeof AuditQuery>

/** A page of audit entries; `next` is the cursor for the following page, or null at the end. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), next: z.number().int().nullable() })
export type AuditPage = z.infer<typeof AuditPage>
