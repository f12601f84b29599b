import { createOrg, systemActor } from '@vigil/core'
import { listAgency, type VigilDatabase } from '@vigil/storage'
import { type SeededUser, seedUser, type testAuthDeps } from '@vigil/storage/test-support'

/** The parties of the requests route tests. */
export interface RequestsParties {
  /** A requester of `agency`, with a second factor, on the verified directory. */
  readonly requester: SeededUser
  /** A requester of another government organisation, without a second factor. */
  readonly otherAgency: SeededUser
  readonly reviewer: SeededUser
  /** A reviewer of another platform: no party to the requests. */
  readonly otherPlatform: SeededUser
}

/**
 * Seeds a verified agency (its organisation, listed in the directory under `example.org`) with a
 * requester, another agency's requester, and two platforms' reviewers.
 */
export async function seedRequestsParties(
  database: VigilDatabase,
  identity: ReturnType<typeof testAuthDeps>,
  agency: string,
): Promise<RequestsParties> {
  const admin = systemActor('test')
  const now = identity.clock.now()
  const org = await createOrg(identity, admin, { name: agency, kind: 'government', domains: ['example.org'] })
  const requester = await seedUser(identity, { roles: ['requester'], org })
  const otherAgency = await seedUser(identity, { roles: ['requester'], kind: 'government' })
  const reviewer = await seedUser(identity, { roles: ['reviewer'] })
  const otherPlatform = await seedUser(identity, { roles: ['reviewer'] })
  const { db } = database
  // The requester signed up with a second factor (enrolment is the identity context's).
  await db.updateTable('users').set({ totp_enabled_at: now }).where('id', '=', requester.user.id).execute()
  await listAgency(db, admin, { agency, country: 'US', domains: ['example.org'], callbackPhone: '+1 202 324 3000' }, org.id, now)
  return { requester, otherAgency, reviewer, otherPlatform }
}
