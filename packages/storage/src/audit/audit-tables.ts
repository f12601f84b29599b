import type { ColumnType } from 'kysely'

export interface AuditLogTable {
  /** bigint: the driver returns it as a string. */
  seq: ColumnType<string, string | number, never>
  at: ColumnType<Date, Date, never>
  actor: ColumnType<string, string, never>
  action: ColumnType<string, string, never>
  target_type: ColumnType<string | null, string | null, never>
  target_id: ColumnType<string | null, string | null, never>
  outcome: ColumnType<'success' | 'failure' | 'denied', 'success' | 'failure' | 'denied', never>
  request_id: ColumnType<string | null, string | null, never>
  details: ColumnType<Record<string, unknown>, string, never>
  prev_hash: ColumnType<string, string, never>
  hash: ColumnType<string, string, never>
}

export interface AuditTables {
  audit_log: AuditLogTable
}
