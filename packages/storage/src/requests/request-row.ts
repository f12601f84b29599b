import type { StoredRequest } from '@vigil/core'
import type { Selectable } from 'kysely'
import type { RequestsRequestTable } from './requests-tables.js'

/** A stored request's row as core reads it. */
export function toStoredRequest(row: Selectable<RequestsRequestTable>): StoredRequest {
  return {
    id: row.id,
    state: row.state,
    process: row.process,
    agencyOrgId: row.agency_org_id,
    platformOrgId: row.platform_org_id,
    requestedCategories: row.body.categories,
    approvedCategories: row.approved_categories,
    pendingConditions: row.pending_conditions,
    decidedBy: row.decided_by,
    preserveUntil: row.preserve_until,
    extensions: row.extensions,
    rejectCode: row.reject_code,
    request: row.body,
    assessment: row.assessment,
    submittedBy: row.submitted_by,
    duplicateOf: row.duplicate_of,
    suspectedFraud: row.suspected_fraud,
    receivedAt: row.received_at,
    disclosedAt: row.disclosed_at,
    stateEnteredAt: row.state_entered_at,
  }
}

/** Whether `id` can be a request's id (a UUID): anything else is no request, not a database error. */
export const isRequestId = (id: string): boolean => /^[0-9a-f-]{36}$/i.test(id)
