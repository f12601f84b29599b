import { type Kysely, sql } from 'kysely'

// Each organisation's posting of an object version is its own row (the instance's too:
// nulls not distinct), so an observable two organisations share keeps each one's marking,
// instead of the second posting being dropped in favour of a first it may not see.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table exchange_objects drop constraint exchange_objects_version`.execute(db)
  await sql`alter table exchange_objects add constraint exchange_objects_posting
    unique nulls not distinct (collection_id, stix_id, version, creator_org_id)`.execute(db)
}
