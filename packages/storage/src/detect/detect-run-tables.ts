import type {
  CollectionId,
  DetectedNetwork,
  DetectParams,
  DetectRunFile,
  DetectRunStatus,
  DetectRunSummary,
  DetectSignal,
  OrgId,
  Tlp,
  TriageStatus,
  UserId,
} from '@vigil/contracts'
import type { ColumnType, Generated } from 'kysely'

// jsonb columns: read as the value (pg and PGlite both parse jsonb), written as its JSON text.
type Json<T> = ColumnType<T, string, never>
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>
type NullableText = ColumnType<string | null, string | null | undefined, string | null>
type Key<T> = ColumnType<T, string, never>

export interface DetectRunsTable {
  id: ColumnType<string, string, never>
  org_id: Key<OrgId>
  created_by: Key<UserId>
  status: DetectRunStatus
  stage: string
  stage_index: number
  files: Json<DetectRunFile[]>
  params: Json<DetectParams>
  created_at: ColumnType<Date, Date, never>
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  summary: ColumnType<DetectRunSummary | null, string | null | undefined, string | null>
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
  network: Json<DetectedNetwork>
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
  signal: DetectSignal
  weight: number
}

export interface DetectTriageTable {
  seq: Generated<string>
  run_id: string
  network_id: string
  status: TriageStatus
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
  collection_id: Key<CollectionId>
  tlp: Tlp
  objects: number
  left_out: Json<string[]>
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
