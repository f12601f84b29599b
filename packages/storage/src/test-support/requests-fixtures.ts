import { type AssessmentSettings, OrgId, UserId } from '@vigil/contracts'
import { type AccountDataSource, type Actor, type IntakeParams, intakeRequest, type StoredRequest } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createRequestsDeps } from '../requests/requests-store.js'

/** The requesting agency and the reviewing platform of request tests that need no identity rows. */
export const TEST_AGENCY = OrgId.parse('00000000-0000-4000-8000-00000000000a')
export const TEST_PLATFORM = OrgId.parse('00000000-0000-4000-8000-0000000000f1')

/**
 * A requester or reviewer actor numbered `n`, without identity rows (the requests tables do not
 * reference them).
 *
 * @example
 * requestsActor(1, TEST_AGENCY, 'requester', 'dana@fbi.gov')
 */
export function requestsActor(n: number, orgId: OrgId, role: 'requester' | 'reviewer', email = `u${n}@example.org`): Actor {
  return {
    kind: 'user',
    userId: UserId.parse(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
    email,
    orgId,
    orgKind: role === 'requester' ? 'government' : 'platform',
    roles: [role],
    via: 'token',
  }
}

/**
 * The intake of a request (core's `intakeRequest`) over a test database, with the policy given.
 *
 * @example
 * await submitTestRequest(db, source, requester, { id, platformOrgId: TEST_PLATFORM, request, mfa: true, settings, now })
 */
export function submitTestRequest(
  db: Kysely<Database>,
  accounts: AccountDataSource,
  actor: Actor,
  p: IntakeParams & { readonly settings: AssessmentSettings },
): Promise<StoredRequest> {
  return intakeRequest(createRequestsDeps(db, accounts, p.settings), actor, p)
}
