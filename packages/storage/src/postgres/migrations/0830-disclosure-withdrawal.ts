import { type Kysely, sql } from 'kysely'

// A published disclosure may be withdrawn (issue #21): its status, reason and date change and
// nothing else, so the frozen copy stays for the record. Once published, a row stays frozen
// whatever its status.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('disclosures').addColumn('withdrawn_at', 'timestamptz').execute()
  await sql`
    create or replace function disclosures_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.status = 'published' and new.status = 'withdrawn'
        and new.withdraw_reason is not null and new.withdrawn_at is not null
        and to_jsonb(new) - array['status', 'withdraw_reason', 'withdrawn_at'] = to_jsonb(old) - array['status', 'withdraw_reason', 'withdrawn_at']
      then
        return new;
      end if;
      raise exception 'disclosure % is published and frozen', old.id using errcode = 'check_violation';
    end $$`.execute(db)
  await sql`drop trigger disclosures_frozen on disclosures`.execute(db)
  await sql`
    create trigger disclosures_frozen before update or delete on disclosures
    for each row when (old.published_at is not null) execute function disclosures_frozen()`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger disclosures_frozen on disclosures`.execute(db)
  await sql`
    create or replace function disclosures_frozen() returns trigger language plpgsql as $$
    begin
      raise exception 'disclosure % is published and frozen', old.id using errcode = 'check_violation';
    end $$`.execute(db)
  await sql`
    create trigger disclosures_frozen before update or delete on disclosures
    for each row when (old.status = 'published') execute function disclosures_frozen()`.execute(db)
  await db.schema.alterTable('disclosures').dropColumn('withdrawn_at').execute()
}
