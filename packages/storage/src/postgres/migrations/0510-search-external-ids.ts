import { type Kysely, sql } from 'kysely'

// Objects become findable by their external ids (DISARM's `T0049`, a CVE): objects stored
// before get them appended to their search text, as prepareObjects now writes it.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update exchange_objects o set search_text = o.search_text || ' ' || x.ids
    from (select e.seq, lower(string_agg(r.value->>'external_id', ' ' order by r.ordinality)) as ids
          from exchange_objects e, jsonb_array_elements(e.object->'external_references') with ordinality r
          where jsonb_typeof(e.object->'external_references') = 'array' and jsonb_typeof(r.value->'external_id') = 'string'
          group by e.seq) x
    where x.seq = o.seq`.execute(db)
}
