import type { ColumnType, Generated } from 'kysely'

type Json = ColumnType<unknown, string, string>

export interface DisclosuresTable {
  id: string
  org_id: string
  slug: string
  status: string
  title: string
  summary: string
  origin: string
  targets: Json
  surfaces: Json
  techniques: Json
  notes: string
  source: Json
  threshold: number
  samples: Json
  evidence: Json
  accounts: Json
  kept_handles: Json
  redaction_key: ColumnType<Uint8Array, Uint8Array, never>
  created_by: string
  created_at: ColumnType<Date, Date, never>
  published_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  publication: ColumnType<unknown, string | null | undefined, string | null>
  withdraw_reason: string | null
  withdrawn_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface DisclosureStepsTable {
  seq: Generated<string>
  disclosure_id: string
  step: string
  user_id: string
  at: ColumnType<Date, Date, never>
  reason: string | null
}

export interface DisclosurePostsTable {
  disclosure_id: string
  post: string
  account: string
  time: ColumnType<Date, Date, never>
  text: string
  screen_name: string | null
  followers: number | null
}

export interface DisclosureTables {
  disclosures: DisclosuresTable
  disclosure_steps: DisclosureStepsTable
  disclosure_posts: DisclosurePostsTable
  live_networks: LiveNetworksTable
  live_network_posts: LiveNetworkPostsTable
}

export interface LiveNetworksTable {
  number: Generated<string>
  org_id: string
  feed: string
  alert_id: string | number | null
  network: Json
  run: Json
  posts: number
  note: string
  confirmed_by: string
  confirmed_at: ColumnType<Date, Date, never>
}

export interface LiveNetworkPostsTable {
  network: string | number
  post: string
  account: string
  time: ColumnType<Date, Date, never>
  text: string
}
