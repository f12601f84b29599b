import type { ColumnType } from 'kysely'

type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>
type NullableInt = ColumnType<number | null, number | null | undefined, number | null>
type NullableText = ColumnType<string | null, string | null | undefined, string | null>

export interface PsiSessionsTable {
  id: ColumnType<string, string, never>
  initiator_org_id: ColumnType<string, string, never>
  responder_org_id: ColumnType<string, string, never>
  proposed_by: ColumnType<string, string, never>
  purpose: ColumnType<string, string, never>
  kind: ColumnType<string, string, never>
  max_set_size: ColumnType<number, number, never>
  responder_learns: ColumnType<string, string, never>
  status: string
  created_at: ColumnType<Date, Date, never>
  accepted_at: NullableTimestamp
  expires_at: ColumnType<Date, Date, never>
  completed_at: NullableTimestamp
  initiator_set_size: NullableInt
  responder_set_size: NullableInt
  intersection_size: NullableInt
  initiator_message: NullableText
  responder_message: NullableText
}

export interface PsiOrgKeysTable {
  org_id: ColumnType<string, string, never>
  public_key: Uint8Array
  created_at: Date
  created_by: string
}

export interface PsiTables {
  psi_sessions: PsiSessionsTable
  psi_org_keys: PsiOrgKeysTable
}
