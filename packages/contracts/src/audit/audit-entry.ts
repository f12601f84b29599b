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
  /** The acting user's e-mail address and organisation's name, where the actor is a user (the audit log API fills them). */
  actorName: z.string().nullable().optional(),
  actorOrg: z.string().nullable().optional(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

/**
 * `GET /api/v1/audit`: entries in `seq` order after the cursor `after`, or with
 * `order=desc` newest first, before the cursor `before`; filtered by action, by actor (an
 * actor id such as `user:…` or `system:…`, or part of the acting user's e-mail address or
 * organisation's name) and by time (`from` inclusive, `to` exclusive).
 *
 * @example
 * AuditQuery.parse({ after: '100', limit: '50' })
 * AuditQuery.parse({ order: 'desc', before: '900', actor: 'lab.example', from: '2026-03-01T00:00:00Z' })
 */
export const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  before: z.coerce.number().int().min(1).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  action: z.string().max(100).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})
export type AuditQuery = z.infer<typeof AuditQuery>

/** A page of audit entries; `next` is the cursor for the following page, or null at the end. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), next: z.number().int().nullable() })
export type AuditPage = z.infer<typeof AuditPage>
