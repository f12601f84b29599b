import type { ColumnType, Generated } from 'kysely'

export interface LiveFeedsTable {
  org_id: string
  name: string
  params: ColumnType<unknown, string, never>
  partitions: number
  lateness_seconds: number
  created_by: string
  created_at: ColumnType<Date, Date, never>
}

export interface LiveAlertRulesTable {
  org_id: string
  feed: string
  new_accounts: number
  growth_accounts: number
  updated_at: Date
}

export interface LiveAlertStateTable {
  org_id: string
  feed: string
  networks: ColumnType<unknown, string, string>
  updated_at: Date
}

export interface LiveAlertsTable {
  id: Generated<string>
  org_id: string
  feed: string
  kind: 'new' | 'growth'
  added: ColumnType<unknown, string, never>
  network: ColumnType<unknown, string, never>
  created_at: ColumnType<Date, Date, never>
}

export interface LiveTables {
  live_feeds: LiveFeedsTable
  live_alert_rules: LiveAlertRulesTable
  live_alert_state: LiveAlertStateTable
  live_alerts: LiveAlertsTable
}
