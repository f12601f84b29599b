import type { ColumnType, Generated } from 'kysely'

type Json = ColumnType<unknown, string, string>
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>
type NullableText = ColumnType<string | null, string | null | undefined, string | null>

export interface DetectRunsTable {
  id: ColumnType<string, string, never>
  org_id: ColumnType<string, string, never>
  created_by: ColumnType<string, string, never>
  status: string
  stage: string
  stage_index: number
  files: ColumnType<unknown, string, never>
  params: ColumnType<unknown, string, never>
  created_at: ColumnType<Date, Date, never>
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  summary: ColumnType<unknown, string | null | undefined, string | null>
  error: NullableText
  worker_id: NullableText
  heartbeat_at: NullableTimestamp
}

export interface DetectNetworksTable {
  run_id: string
  id: string
  score: number
  member_count: number
  label: string | null
  network: Json
}

export interface DetectMembersTable {
  run_id: string
  network_id: string
  account: string
  posts: number
  coordinated_posts: number
}

export interface DetectEdgesTable {
  run_id: string
  network_id: string
  a: string
  b: string
  signal: string
  weight: number
}

export interface DetectTriageTable {
  seq: Generated<string>
  run_id: string
  network_id: string
  status: string
  note: string
  decided_by: string
  decided_at: ColumnType<Date, Date, never>
}

export interface DetectAllowlistTable {
  org_id: string
  account: string
  note: string
  added_by: string
  added_at: ColumnType<Date, Date, Date>
}

export interface DetectPublicationsTable {
  seq: Generated<string>
  run_id: string
  network_id: string
  collection_id: string
  tlp: string
  objects: number
  left_out: ColumnType<unknown, string, never>
  published_by: string
  published_at: ColumnType<Date, Date, never>
}

export interface DetectRunTables {
  detect_runs: DetectRunsTable
  detect_networks: DetectNetworksTable
  detect_members: DetectMembersTable
  detect_edges: DetectEdgesTable
  detect_triage: DetectTriageTable
  detect_allowlist: DetectAllowlistTable
  detect_publications: DetectPublicationsTable
}
