import type { ColumnType } from 'kysely'

export interface LiveFeedsTable {
  org_id: string
  name: string
  params: ColumnType<unknown, string, never>
  partitions: number
  lateness_seconds: number
  created_by: string
  created_at: ColumnType<Date, Date, never>
}

export interface LiveTables {
  live_feeds: LiveFeedsTable
}
