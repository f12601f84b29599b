import { AgencyDirectoryEntry } from '@vigil/contracts'
import type { Actor } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'

/** Adds or replaces an agency of the verified directory (by name and country). */
export async function saveAgency(db: Kysely<Database>, entry: AgencyDirectoryEntry, orgId: string | null = null): Promise<void> {
  const e = AgencyDirectoryEntry.parse(entry)
  await db
    .insertInto('requests_agency')
    .values({
      org_id: orgId,
      name: e.agency,
      country: e.country,
      domains: JSON.stringify(e.domains),
      callback_phone: e.callbackPhone,
      security_contact: e.securityContact ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['name', 'country']).doUpdateSet((eb) => ({
        org_id: eb.ref('excluded.org_id'),
        domains: eb.ref('excluded.domains'),
        callback_phone: eb.ref('excluded.callback_phone'),
        security_contact: eb.ref('excluded.security_contact'),
      })),
    )
    .execute()
}

/** The verified-agency directory. */
export async function loadDirectory(db: Kysely<Database>): Promise<AgencyDirectoryEntry[]> {
  const rows = await db.selectFrom('requests_agency').selectAll().orderBy('name').execute()
  return rows.map((r) => ({
    agency: r.name,
    country: r.country,
    domains: r.domains,
    callbackPhone: r.callback_phone,
    ...(r.security_contact ? { securityContact: r.security_contact } : {}),
    ...(r.org_id ? { orgId: r.org_id } : {}),
  }))
}

/** Flags an address (`a@b.gov`) or a whole domain (`b.gov`) as compromised. */
export async function flagCompromisedSender(db: Kysely<Database>, value: string, now: Date): Promise<void> {
  const v = value.trim().toLowerCase()
  await db
    .insertInto('requests_compromised_sender')
    .values({ value: v, kind: v.includes('@') ? 'address' : 'domain', added_at: now })
    .onConflict((oc) => oc.column('value').doNothing())
    .execute()
}

/** The compromised-sender list, split into addresses and domains. */
export async function loadCompromised(db: Kysely<Database>): Promise<{ addresses: string[]; domains: string[] }> {
  const rows = await db.selectFrom('requests_compromised_sender').select(['value', 'kind']).execute()
  return {
    addresses: rows.filter((r) => r.kind === 'address').map((r) => r.value),
    domains: rows.filter((r) => r.kind === 'domain').map((r) => r.value),
  }
}

/**
 * Lists an agency in the verified directory (`saveAgency`), audited in the same transaction.
 *
 * @example
 * await listAgency(db, systemActor('cli'), { agency: 'FBI', country: 'US', domains: ['fbi.gov'], callbackPhone: '+1 202 324 3000' }, null, now)
 */
export async function listAgency(
  db: Kysely<Database>,
  actor: Actor,
  entry: AgencyDirectoryEntry,
  orgId: string | null,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await saveAgency(trx, entry, orgId)
    await appendAudit(trx, { actor, action: 'requests.directory.save', outcome: 'success', details: { ...entry } }, now)
  })
}

/**
 * Flags a compromised sender (`flagCompromisedSender`), audited in the same transaction.
 *
 * @example
 * await markSenderCompromised(db, systemActor('cli'), 'fbi-impostor.example', now)
 */
export async function markSenderCompromised(db: Kysely<Database>, actor: Actor, value: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await flagCompromisedSender(trx, value, now)
    await appendAudit(trx, { actor, action: 'requests.sender.flag', outcome: 'success', details: { value: value.toLowerCase() } }, now)
  })
}
