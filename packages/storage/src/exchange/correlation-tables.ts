import type { ColumnType } from 'kysely'

export interface ObservableKeysTable {
  seq: string
  stix_id: string
  creator_org_id: string | null
  /** Whether the row's object is one correlation tells about (`isCorrelationSubject`). */
  subject: boolean
  key: string
}

export interface CorrelatedTable {
  seq: string
}

export interface CorrelationNoticesTable {
  id: ColumnType<string, string, never>
  org_id: ColumnType<string, string, never>
  /** The two objects' STIX ids, `object_a < object_b`. */
  object_a: ColumnType<string, string, never>
  object_b: ColumnType<string, string, never>
  keys: string[]
  created_at: ColumnType<Date, Date, never>
  dismissed_at: Date | null
  dismissed_by: string | null
}

export interface CorrelationTables {
  exchange_observable_keys: ObservableKeysTable
  exchange_correlated: CorrelatedTable
  exchange_correlation_notices: CorrelationNoticesTable
}
