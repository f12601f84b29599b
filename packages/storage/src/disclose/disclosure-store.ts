import {
  DisclosureEvidence,
  DisclosureSource,
  DisclosureStatus,
  DisclosureStep,
  type OrgId,
  ProposedTechnique,
  Tlp,
  type UserId,
} from '@vigil/contracts'
import type { DisclosurePost, DisclosurePublication, DisclosureRecord, DisclosureStepRecord, DisclosureStore } from '@vigil/core'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { appendAudit } from '../audit/append-audit.js'
import { parseJson } from '../detect/detect-run-rows.js'
import type { Database } from '../postgres/database-schema.js'

const Strings = z.array(z.string())
const Accounts = z.array(z.object({ account: z.string(), screenName: z.string().nullable(), followers: z.number().nullable() }))
const Publication = z.object({
  collection: z.string(),
  tlp: Tlp,
  stixReportId: z.string(),
  html: z.string(),
  markdown: z.string(),
  stix: z.record(z.string(), z.unknown()),
})
const INSERT_BATCH = 500

/** Disclosures in PostgreSQL: the record, its workflow steps and its posts; every change audited in its transaction. */
export function createDisclosureStore(db: Kysely<Database>): DisclosureStore {
  const select = () => db.selectFrom('disclosures').selectAll()
  type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>
  const recordOf = (r: Row): DisclosureRecord => ({
    id: r.id,
    orgId: r.org_id as OrgId,
    slug: r.slug,
    status: DisclosureStatus.parse(r.status),
    title: r.title,
    summary: r.summary,
    origin: r.origin,
    targets: Strings.parse(parseJson(r.targets)),
    surfaces: Strings.parse(parseJson(r.surfaces)),
    techniques: z.array(ProposedTechnique).parse(parseJson(r.techniques)),
    notes: r.notes,
    source: DisclosureSource.parse(parseJson(r.source)),
    threshold: r.threshold,
    samples: Strings.parse(parseJson(r.samples)),
    evidence: DisclosureEvidence.parse(parseJson(r.evidence)),
    redactionKey: new Uint8Array(r.redaction_key),
    keptHandles: Strings.parse(parseJson(r.kept_handles)),
    accounts: Accounts.parse(parseJson(r.accounts)),
    createdBy: r.created_by as UserId,
    createdAt: new Date(r.created_at),
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    publication: r.publication ? (Publication.parse(parseJson(r.publication)) as DisclosurePublication) : null,
    withdrawReason: r.withdraw_reason,
    withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at) : null,
  })
  const postOf = (r: {
    post: string
    account: string
    time: Date
    text: string
    screen_name: string | null
    followers: number | null
  }): DisclosurePost => ({
    post: r.post,
    account: r.account,
    time: new Date(r.time),
    text: r.text,
    screenName: r.screen_name,
    followers: r.followers === null ? null : Number(r.followers),
  })

  return {
    async insert(record, posts, audit, now) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('disclosures')
          .values({
            id: record.id,
            org_id: record.orgId,
            slug: record.slug,
            status: record.status,
            title: record.title,
            summary: record.summary,
            origin: record.origin,
            targets: JSON.stringify(record.targets),
            surfaces: JSON.stringify(record.surfaces),
            techniques: JSON.stringify(record.techniques),
            notes: record.notes,
            source: JSON.stringify(record.source),
            threshold: record.threshold,
            samples: JSON.stringify(record.samples),
            evidence: JSON.stringify(record.evidence),
            accounts: JSON.stringify(record.accounts),
            kept_handles: JSON.stringify(record.keptHandles),
            redaction_key: record.redactionKey,
            created_by: record.createdBy,
            created_at: record.createdAt,
          })
          .execute()
        for (let i = 0; i < posts.length; i += INSERT_BATCH) {
          await trx
            .insertInto('disclosure_posts')
            .values(
              posts.slice(i, i + INSERT_BATCH).map((p) => ({
                disclosure_id: record.id,
                post: p.post,
                account: p.account,
                time: p.time,
                text: p.text,
                screen_name: p.screenName,
                followers: p.followers,
              })),
            )
            .onConflict((oc) => oc.columns(['disclosure_id', 'post']).doNothing())
            .execute()
        }
        await trx
          .insertInto('disclosure_steps')
          .values({ disclosure_id: record.id, step: 'created', user_id: record.createdBy, at: now, reason: null })
          .execute()
        await appendAudit(trx, audit, now)
      })
    },

    async find(orgId, id) {
      if (!z.uuid().safeParse(id).success) return undefined
      const row = await select().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
      if (!row) return undefined
      const steps = await db
        .selectFrom('disclosure_steps as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.step', 's.user_id', 's.at', 's.reason', 'u.email'])
        .where('s.disclosure_id', '=', id)
        .orderBy('s.seq')
        .execute()
      const history: DisclosureStepRecord[] = steps.map((s) => ({
        step: DisclosureStep.shape.step.parse(s.step),
        userId: s.user_id as UserId,
        by: s.email,
        at: new Date(s.at).toISOString(),
        ...(s.reason !== null ? { reason: s.reason } : {}),
      }))
      return { record: recordOf(row), history }
    },

    async list(orgId) {
      const rows = await db
        .selectFrom('disclosures as d')
        .innerJoin('users as u', 'u.id', 'd.created_by')
        .select(['d.id', 'd.slug', 'd.status', 'd.title', 'd.created_at', 'u.email'])
        .where('d.org_id', '=', orgId)
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id')
        .limit(500)
        .execute()
      return rows.map((r) => ({
        id: r.id,
        slug: r.slug,
        status: DisclosureStatus.parse(r.status),
        title: r.title,
        createdBy: r.email,
        createdAt: new Date(r.created_at),
      }))
    },

    async findPublic(slug) {
      const row = await db
        .selectFrom('disclosures')
        .select(['status', 'publication', 'withdraw_reason', 'withdrawn_at'])
        .where('slug', '=', slug)
        .where('published_at', 'is not', null)
        .where('status', 'in', ['published', 'withdrawn'])
        .executeTakeFirst()
      if (!row?.publication) return undefined
      if (row.status === 'withdrawn' && row.withdraw_reason !== null && row.withdrawn_at !== null)
        return { status: 'withdrawn', reason: row.withdraw_reason, withdrawnAt: new Date(row.withdrawn_at) }
      if (row.status !== 'published') return undefined
      return { status: 'published', publication: Publication.parse(parseJson(row.publication)) as DisclosurePublication }
    },

    async posts(id, query) {
      let q = db
        .selectFrom('disclosure_posts')
        .select(['post', 'account', 'time', 'text', 'screen_name', 'followers'])
        .where('disclosure_id', '=', id)
      if (query.ids !== undefined) {
        if (query.ids.length === 0) return []
        q = q.where('post', 'in', [...query.ids])
      }
      q = q.orderBy('time').orderBy('post')
      if (query.limit !== undefined) q = q.limit(query.limit)
      return (await q.execute()).map(postOf)
    },

    async countPosts(id) {
      const r = await db
        .selectFrom('disclosure_posts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('disclosure_id', '=', id)
        .executeTakeFirstOrThrow()
      return Number(r.n)
    },

    async change(id, from, change, step, audit, now) {
      return db.transaction().execute(async (trx) => {
        const values: Record<string, unknown> = {}
        if (change.status !== undefined) values.status = change.status
        for (const k of ['title', 'summary', 'origin', 'notes'] as const) if (change[k] !== undefined) values[k] = change[k]
        for (const k of ['targets', 'surfaces', 'samples'] as const) if (change[k] !== undefined) values[k] = JSON.stringify(change[k])
        if (change.publishedAt !== undefined) values.published_at = change.publishedAt
        if (change.publication !== undefined) values.publication = change.publication === null ? null : JSON.stringify(change.publication)
        if (change.withdrawReason !== undefined) values.withdraw_reason = change.withdrawReason
        if (change.withdrawnAt !== undefined) values.withdrawn_at = change.withdrawnAt
        const updated = await trx
          .updateTable('disclosures')
          .set(values)
          .where('id', '=', id)
          .where('status', 'in', [...from])
          .returning('id')
          .executeTakeFirst()
        if (!updated) return false
        await trx
          .insertInto('disclosure_steps')
          .values({ disclosure_id: id, step: step.step, user_id: step.userId, at: now, reason: step.reason ?? null })
          .execute()
        await appendAudit(trx, audit, now)
        return true
      })
    },
  }
}
