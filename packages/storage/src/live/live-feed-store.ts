import { DetectParams, type LiveFeed, type LiveFeedInput, type OrgId } from '@vigil/contracts'
import { type Actor, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { auditedChange } from '../audit/audited-change.js'
import { parseJson } from '../detect/detect-run-rows.js'
import type { Database } from '../postgres/database-schema.js'

/** The feeds of live detection, per organisation; creating and deleting one is audited. */
export function createLiveFeedStore(db: Kysely<Database>) {
  const select = (orgId: OrgId) =>
    db
      .selectFrom('live_feeds as f')
      .innerJoin('users as u', 'u.id', 'f.created_by')
      .select(['f.name', 'f.params', 'f.partitions', 'f.lateness_seconds', 'f.created_at', 'u.email'])
      .where('f.org_id', '=', orgId)
  type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>
  const feedOf = (r: Row): LiveFeed => ({
    name: r.name,
    params: DetectParams.parse(parseJson(r.params)),
    partitions: r.partitions,
    lateness: r.lateness_seconds,
    createdBy: r.email,
    createdAt: new Date(r.created_at).toISOString(),
  })
  return {
    /** Creates a feed, audited. @throws VigilError `CONFLICT` when the organisation has one of that name. */
    async create(actor: Actor & { kind: 'user' }, input: LiveFeedInput, now: Date): Promise<LiveFeed> {
      const created = await auditedChange(
        db,
        {
          actor,
          action: 'live.feed.create',
          target: { type: 'live-feed', id: input.name },
          outcome: 'success',
          details: { params: input.params, partitions: input.partitions, lateness: input.lateness },
        },
        now,
        async (trx) => {
          const r = await trx
            .insertInto('live_feeds')
            .values({
              org_id: actor.orgId,
              name: input.name,
              params: JSON.stringify(input.params),
              partitions: input.partitions,
              lateness_seconds: input.lateness,
              created_by: actor.userId,
              created_at: now,
            })
            .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
            .returning('name')
            .executeTakeFirst()
          return r !== undefined
        },
      )
      if (!created) throw new VigilError('CONFLICT', `a feed named '${input.name}' exists already`)
      return { ...input, createdBy: actor.email, createdAt: now.toISOString() }
    },

    async list(orgId: OrgId): Promise<LiveFeed[]> {
      return (await select(orgId).orderBy('f.name').execute()).map(feedOf)
    },

    /** @throws VigilError `NOT_FOUND` when the organisation has no feed of that name. */
    async get(orgId: OrgId, name: string): Promise<LiveFeed> {
      const row = await select(orgId).where('f.name', '=', name).executeTakeFirst()
      if (!row) throw new VigilError('NOT_FOUND', `no live feed '${name}'`)
      return feedOf(row)
    },

    /** Deletes a feed, audited. @throws VigilError `NOT_FOUND` when there is none of that name. */
    async remove(actor: Actor & { kind: 'user' }, name: string, now: Date): Promise<void> {
      const removed = await auditedChange(
        db,
        { actor, action: 'live.feed.delete', target: { type: 'live-feed', id: name }, outcome: 'success' },
        now,
        async (trx) => {
          const r = await trx.deleteFrom('live_feeds').where('org_id', '=', actor.orgId).where('name', '=', name).executeTakeFirst()
          return r.numDeletedRows > 0n
        },
      )
      if (!removed) throw new VigilError('NOT_FOUND', `no live feed '${name}'`)
    },
  }
}
export type LiveFeedStore = ReturnType<typeof createLiveFeedStore>
