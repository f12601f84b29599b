import { type Kysely, sql } from 'kysely'

// Accounts become findable by the user id lists show them by (a detected network's accounts
// carry no login): accounts stored before get it appended to their search text, as
// prepareObjects now writes it.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update exchange_objects set search_text = search_text || ' ' || lower(object->>'user_id')
    where stix_type = 'user-account' and jsonb_typeof(object->'user_id') = 'string'
      and position(lower(object->>'user_id') in search_text) = 0`.execute(db)
}
