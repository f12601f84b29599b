import type { AccountStatus, Org, OrgId } from '@vigil/contracts'
import type { AuditEvent, NewOrg } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { conflictOnDuplicate } from '../shared/unique-violation.js'
import { toOrg } from './auth-rows.js'

/** Organisations and their verified domains. */
export function createOrgStore(db: Kysely<Database>) {
  const domainsOf = async (ids: readonly string[]): Promise<Map<string, string[]>> => {
    const byOrg = new Map<string, string[]>()
    if (ids.length === 0) return byOrg
    const rows = await db.selectFrom('org_domains').select(['org_id', 'domain']).where('org_id', 'in', ids).execute()
    for (const r of rows) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r.domain])
    return byOrg
  }
  const findOrg = async (id: OrgId): Promise<Org | undefined> => {
    const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? toOrg(row, (await domainsOf([id])).get(id) ?? []) : undefined
  }
  return {
    findOrg,
    async insertOrg(org: NewOrg, audit: AuditEvent, now: Date): Promise<Org> {
      await conflictOnDuplicate(
        () =>
          db.transaction().execute(async (trx) => {
            await trx
              .insertInto('orgs')
              .values({ id: org.id, name: org.name, kind: org.kind, stix_id: org.stixId, created_at: now })
              .execute()
            if (org.domains.length > 0) {
              await trx
                .insertInto('org_domains')
                .values(org.domains.map((domain) => ({ domain, org_id: org.id, verified_at: now })))
                .execute()
            }
            await appendAudit(trx, audit, now)
          }),
        'an organisation with this name or one of these domains already exists',
        { name: org.name },
      )
      return toOrg(
        { id: org.id, name: org.name, kind: org.kind, stix_id: org.stixId, status: 'active', created_at: now, status_changed_at: null },
        org.domains,
      )
    },
    async listOrgs(): Promise<Org[]> {
      const rows = await db.selectFrom('orgs').selectAll().orderBy('name').execute()
      const domains = await domainsOf(rows.map((r) => r.id))
      return rows.map((r) => toOrg(r, domains.get(r.id) ?? []))
    },
    async setOrgStatus(id: OrgId, status: AccountStatus, audit: AuditEvent, now: Date): Promise<Org | undefined> {
      const changed = await auditedChange(db, audit, now, async (trx) => {
        const row = await trx
          .updateTable('orgs')
          .set({ status, status_changed_at: now })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst()
        return row !== undefined
      })
      return changed ? findOrg(id) : undefined
    },
    async setOrgDomains(id: OrgId, domains: readonly string[], audit: AuditEvent, now: Date): Promise<Org | undefined> {
      const changed = await conflictOnDuplicate(
        () =>
          auditedChange(db, audit, now, async (trx) => {
            const org = await trx.selectFrom('orgs').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
            if (!org) return false
            // Domains kept keep their verification time; one another organisation holds is a unique violation.
            const held = await trx.selectFrom('org_domains').select('domain').where('org_id', '=', id).execute()
            const gone = held.map((r) => r.domain).filter((d) => !domains.includes(d))
            const added = domains.filter((d) => !held.some((r) => r.domain === d))
            if (gone.length > 0) await trx.deleteFrom('org_domains').where('org_id', '=', id).where('domain', 'in', gone).execute()
            if (added.length > 0) {
              await trx
                .insertInto('org_domains')
                .values(added.map((domain) => ({ domain, org_id: id, verified_at: now })))
                .execute()
            }
            return true
          }),
        'another organisation has verified one of these domains',
        { orgId: id },
      )
      return changed ? findOrg(id) : undefined
    },
    /** The organisation that verified `domain`, if any: the request portal's check. */
    async findOrgByDomain(domain: string): Promise<Org | undefined> {
      const row = await db.selectFrom('org_domains').select('org_id').where('domain', '=', domain.toLowerCase()).executeTakeFirst()
      return row ? findOrg(row.org_id as OrgId) : undefined
    },
  }
}
