import type { StixObject, Tlp } from '@vigil/contracts'
import {
  type Actor,
  isAuditedTlp,
  type ObjectFilter,
  type ObjectPageResult,
  type PageRequest,
  type ReadPath,
  readerOf,
  type StoredObject,
} from '@vigil/core'
import { type Kysely, type SqlBool, sql } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { visibleTo } from './visible-to.js'

export type { ObjectFilter, ObjectPageResult, PageRequest, ReadPath, StoredObject }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Encodes the position after `seq` as an opaque cursor. */
export function encodeCursor(seq: string): string {
  return Buffer.from(`s${seq}`).toString('base64url')
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString()
  return /^s\d{1,19}$/.test(text) ? text.slice(1) : '0'
}

/**
 * Reads objects as `actor` may see them. The access rules (`visibleTo`) filter every row
 * inside the query, and "newest version" and "revoked" are decided among the versions the
 * reader may see, so what a reader gets depends only on what it may see. Reads of RED and
 * AMBER+STRICT objects are written to the audit log before they are returned.
 */
export async function readObjects(
  db: Kysely<Database>,
  actor: Actor | null,
  filter: ObjectFilter,
  page: PageRequest,
  via: ReadPath,
  now: Date,
): Promise<ObjectPageResult> {
  const reader = readerOf(actor)
  const versions = filter.versions ?? 'last'
  let q = db
    .selectFrom('exchange_objects as o')
    .select([
      'o.seq',
      'o.collection_id',
      'o.stix_id',
      'o.stix_type',
      'o.version',
      sql<string>`to_char(o.date_added at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('date_added'),
      'o.tlp',
      'o.tlp_source',
      'o.creator_org_id',
      'o.revoked',
      'o.object',
    ])
    .where(visibleTo(reader, 'o'))
  // Correlated scalar subqueries, not NOT EXISTS: PostgreSQL runs them per candidate row
  // through the (collection_id, stix_id, version) index, so a page costs its own rows only,
  // where an anti-join would hash the whole table for every page.
  const sameVisible = sql`n.collection_id = o.collection_id and n.stix_id = o.stix_id and ${visibleTo(reader, 'n')}`
  if (versions !== 'all') {
    // TAXII 2.1 §3.5.1: a version matches when it is any of the asked ones.
    const asked = typeof versions === 'string' ? [versions] : versions
    q = q.where((eb) =>
      eb.or(
        asked.map((v) =>
          v === 'last' || v === 'first'
            ? eb(
                sql`o.version`,
                '=',
                sql`(select ${sql.raw(v === 'last' ? 'max' : 'min')}(n.version) from exchange_objects n where ${sameVisible})`,
              )
            : eb(sql`o.version`, '=', sql`${v}::timestamptz`),
        ),
      ),
    )
  }
  // Several organisations may post the same version (an observable's id is its value): the
  // reader gets one posting it may see, its own organisation's first, so each keeps its marking.
  const readerOrg = reader.kind === 'member' ? reader.orgId : null
  q = q.where(
    sql<SqlBool>`o.seq = (select n.seq from exchange_objects n where ${sameVisible} and n.version = o.version
      order by n.creator_org_id is not distinct from ${readerOrg}::uuid desc, n.seq limit 1)`,
  )
  if (!filter.includeRevoked)
    q = q.where(sql<SqlBool>`(select bool_or(n.revoked) from exchange_objects n where ${sameVisible}) is not true`)
  if (filter.collectionId !== undefined) q = q.where('o.collection_id', '=', filter.collectionId)
  if (filter.ids) q = q.where('o.stix_id', 'in', filter.ids.length ? [...filter.ids] : [''])
  if (filter.types) q = q.where('o.stix_type', 'in', filter.types.length ? [...filter.types] : [''])
  if (filter.tlps) q = q.where('o.tlp', 'in', filter.tlps.length ? [...filter.tlps] : [''])
  if (filter.creatorOrgId !== undefined) q = q.where('o.creator_org_id', '=', filter.creatorOrgId)
  if (filter.addedAfter) q = q.where(sql<SqlBool>`o.date_added > ${filter.addedAfter}::timestamptz`)
  if (filter.modifiedAfter) q = q.where('o.version', '>', filter.modifiedAfter)
  if (filter.modifiedBefore) q = q.where('o.version', '<', filter.modifiedBefore)
  if (filter.text) q = q.where(sql<SqlBool>`o.search_text like ${`%${escapeLike(filter.text.toLowerCase())}%`}`)
  if (filter.observable) {
    const v = filter.observable
    q = q.where((eb) => eb.or([eb('o.observable', '=', v), eb('o.observable', '=', v.toLowerCase())]))
  }
  if (filter.ref) {
    const ref = filter.ref
    q = q.where((eb) => eb.or([eb('o.source_ref', '=', ref), eb('o.target_ref', '=', ref)]))
  }
  if (filter.holding) {
    const ids = filter.holding.length ? [...filter.holding] : ['']
    q = q.where(sql<SqlBool>`(o.object -> 'object_refs') ?| ${ids}::text[]`)
  }
  if (page.after) q = q.where(sql<SqlBool>`o.seq > ${decodeCursor(page.after)}::bigint`)
  const rows = await q
    .orderBy('o.seq')
    .limit(page.limit + 1)
    .execute()
  const more = rows.length > page.limit
  const objects: StoredObject[] = rows.slice(0, page.limit).map((r) => ({
    seq: String(r.seq),
    collectionId: r.collection_id,
    stixId: r.stix_id,
    type: r.stix_type,
    version: r.version,
    dateAdded: r.date_added,
    tlp: r.tlp as Tlp,
    tlpSource: r.tlp_source as 'object' | 'default',
    creatorOrgId: r.creator_org_id,
    revoked: r.revoked,
    object: r.object as StixObject,
  }))
  await auditSensitiveReads(db, actor, objects, via, now)
  const last = objects.at(-1)
  return { objects, next: more && last ? encodeCursor(last.seq) : null }
}

async function auditSensitiveReads(
  db: Kysely<Database>,
  actor: Actor | null,
  objects: readonly StoredObject[],
  via: ReadPath,
  now: Date,
): Promise<void> {
  const audited = objects.filter((o) => isAuditedTlp(o.tlp))
  if (audited.length === 0 || actor === null) return
  await db.transaction().execute(async (trx) => {
    for (const o of audited) {
      await appendAudit(
        trx,
        {
          actor,
          action: 'exchange.object.read',
          target: { type: o.type, id: o.stixId },
          outcome: 'success',
          details: { tlp: o.tlp, version: o.version.toISOString(), collectionId: o.collectionId, via },
        },
        now,
      )
    }
  })
}
