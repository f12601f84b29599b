import { z } from 'zod'
import { DataCategory } from './legal-process.js'

/**
 * One subscriber record of the platform's account data (basic subscriber information).
 *
 * @example
 * AccountRecord.parse({ type: 'account', accountId: '1001', username: 'alice', email: 'alice@example.org' })
 */
export const AccountRecord = z.object({
  type: z.literal('account'),
  accountId: z.string().trim().min(1).max(200),
  username: z.string().trim().max(200).optional(),
  email: z.string().trim().toLowerCase().max(320).optional(),
  phone: z.string().trim().max(50).optional(),
  name: z.string().trim().max(300).optional(),
  /** When the account was created: length of service. */
  createdAt: z.iso.datetime({ offset: true }).optional(),
  address: z.string().trim().max(1000).optional(),
  paymentMethod: z.string().trim().max(300).optional(),
})
export type AccountRecord = z.infer<typeof AccountRecord>

/**
 * One dated item of an account's activity: a login IP, a message, a post, a location fix…,
 * filed under the data category a disclosure would need.
 *
 * @example
 * ActivityRecord.parse({ type: 'activity', accountId: '1001', category: 'ip_logs', at: '2026-01-05T10:00:00Z', data: { ip: '198.51.100.7' } })
 */
export const ActivityRecord = z.object({
  type: z.literal('activity'),
  accountId: z.string().trim().min(1).max(200),
  category: DataCategory.exclude(['basic_subscriber_info']),
  at: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
})
export type ActivityRecord = z.infer<typeof ActivityRecord>

/** One line of `vigil requests import-accounts FILE` (NDJSON, or a CSV row with the same fields). */
export const AccountImportRecord = z.discriminatedUnion('type', [AccountRecord, ActivityRecord])
export type AccountImportRecord = z.infer<typeof AccountImportRecord>

/** The CSV header of the import file; `data` holds the activity's JSON object. */
export const ACCOUNT_CSV_COLUMNS = [
  'type',
  'account_id',
  'username',
  'email',
  'phone',
  'name',
  'created_at',
  'address',
  'payment_method',
  'category',
  'at',
  'data',
] as const

/** What an import did (`--json`). */
export const AccountImportResult = z.object({ accounts: z.number().int(), activities: z.number().int(), lines: z.number().int() })
export type AccountImportResult = z.infer<typeof AccountImportResult>
