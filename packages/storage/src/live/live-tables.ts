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

export interface LivePairsTable {
  org_id: string
  feed: string
  pair_key: Uint8Array
  signal: number
  object: string
  account_a: string
  post_a: string
  time_a: ColumnType<string, string | number, never>
  account_b: string
  post_b: string
  time_b: ColumnType<string, string | number, never>
}

export interface LivePostsTable {
  org_id: string
  feed: string
  account: string
  post: string
}

export interface LiveTouchedTable {
  org_id: string
  feed: string
  account_a: string
  account_b: string | null
  posts: number
  first: boolean
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
  live_pairs: LivePairsTable
  live_posts: LivePostsTable
  live_touched: LiveTouchedTable
  live_alert_rules: LiveAlertRulesTable
  live_alert_state: LiveAlertStateTable
  live_alerts: LiveAlertsTable
  live_webhooks: LiveWebhooksTable
  live_stix_publication: LiveStixPublicationTable
}

export interface LiveWebhooksTable {
  id: string
  org_id: string
  feed: string
  url: string
  description: string
  secret: string
  created_by: string
  created_at: ColumnType<Date, Date, never>
}

export interface LiveStixPublicationTable {
  org_id: string
  feed: string
  collection_id: string
  tlp: 'clear' | 'green' | 'amber' | 'amber+strict' | 'red'
  user_id: string
  updated_at: Date
}
