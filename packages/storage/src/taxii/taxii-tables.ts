import type { StatusDetails } from '@vigil/contracts'
import type { ColumnType } from 'kysely'

type Json<T> = ColumnType<T, string, string>

export interface TaxiiStatusTable {
  id: string
  collection_id: string
  owner_org_id: string | null
  status: 'pending' | 'complete'
  request_timestamp: ColumnType<Date, Date, Date>
  successes: Json<StatusDetails[]>
  failures: Json<StatusDetails[]>
  pendings: Json<StatusDetails[]>
}

export interface TaxiiSyncStateTable {
  direction: 'pull' | 'push'
  remote: string
  local_collection: string
  cursor: string
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface TaxiiTables {
  taxii_status: TaxiiStatusTable
  taxii_sync_state: TaxiiSyncStateTable
}
