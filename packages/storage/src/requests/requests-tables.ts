import type {
  AccountRecord,
  ActivityRecord,
  Assessment,
  DataCategory,
  DataRequestInput,
  LegalProcess,
  OrgId,
  PendingCondition,
  RejectCode,
  RequestState,
  UserId,
} from '@vigil/contracts'
import type { ColumnType, Generated } from 'kysely'

export interface RequestsAgencyTable {
  id: Generated<string>
  org_id: string | null
  name: string
  country: string
  domains: ColumnType<string[], string, string>
  callback_phone: string
  security_contact: ColumnType<string | null, string | null | undefined, string | null>
}

/** A warning to an agency someone impersonated (§3.1 G1), queued for `run-jobs`. */
export interface RequestsAgencyWarningTable {
  id: Generated<string>
  request_id: string
  agency: string
  country: string
  recipient: string | null
  phone: string
  message: string
  status: 'queued' | 'sent'
  created_at: ColumnType<Date, Date, never>
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface RequestsCompromisedSenderTable {
  value: string
  kind: 'address' | 'domain'
  added_at: ColumnType<Date, Date, Date>
}

type Json<T> = ColumnType<T, string, string>

export interface RequestsRequestTable {
  id: string
  agency_org_id: ColumnType<OrgId, string, string>
  platform_org_id: ColumnType<OrgId, string, string>
  submitted_by: string
  process: LegalProcess
  agency_name: string
  country: string
  case_number: string
  body: Json<DataRequestInput>
  assessment: Json<Assessment>
  state: RequestState
  approved_categories: ColumnType<DataCategory[], string | undefined, string>
  pending_conditions: ColumnType<PendingCondition['code'][], string | undefined, string>
  decided_by: ColumnType<UserId | null, string | null | undefined, string | null>
  preserve_until: string | null
  extensions: ColumnType<number, number | undefined, number>
  reject_code: RejectCode | null
  duplicate_of: string | null
  suspected_fraud: ColumnType<boolean, boolean | undefined, boolean>
  received_at: ColumnType<Date, Date, never>
  disclosed_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** The last SLA alert sent (`state:arrived` or `state:overdue`), so each is sent once. */
  last_alert: ColumnType<string | null, string | null | undefined, string | null>
  state_entered_at: ColumnType<Date, Date, Date>
}

export interface RequestsMessageTable {
  id: Generated<string>
  request_id: string
  author: string
  side: 'requester' | 'reviewer'
  text: string
  at: ColumnType<Date, Date, never>
}

export interface RequestsAccountTable {
  account_id: string
  username: string | null
  email: string | null
  phone: string | null
  record: Json<AccountRecord>
}

export interface RequestsActivityTable {
  id: Generated<string>
  account_id: string
  category: ActivityRecord['category']
  at: ColumnType<Date, Date | string, never>
  data: Json<Record<string, unknown>>
}

export interface RequestsNoticeTable {
  id: Generated<string>
  request_id: string
  account_id: string
  recipient: string | null
  status: 'held' | 'queued' | 'sent' | 'cancelled'
  /** `YYYY-MM-DD`: the first day the notice may go. */
  not_before: string | null
  created_at: ColumnType<Date, Date, never>
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface RequestsDocumentTable {
  request_id: string
  filename: string
  sha256: string
  size: number
  content: Uint8Array | null
  stored_at: ColumnType<Date, Date, never>
  purged_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface RequestsPackageTable {
  id: string
  request_id: string
  token_hash: string
  sha256: string
  manifest: Json<unknown>
  content: Uint8Array | null
  created_at: ColumnType<Date, Date, never>
  expires_at: ColumnType<Date, Date, never>
  purged_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface RequestsTables {
  requests_document: RequestsDocumentTable
  requests_package: RequestsPackageTable
  requests_notice: RequestsNoticeTable
  requests_agency: RequestsAgencyTable
  requests_agency_warning: RequestsAgencyWarningTable
  requests_compromised_sender: RequestsCompromisedSenderTable
  requests_request: RequestsRequestTable
  requests_message: RequestsMessageTable
  requests_account: RequestsAccountTable
  requests_activity: RequestsActivityTable
}
