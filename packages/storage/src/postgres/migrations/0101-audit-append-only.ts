import { type Kysely, sql } from 'kysely'

// The audit log is append-only: rows may be inserted, never changed or removed, by any role
// short of one that may drop the trigger (the table's owner; see docs/AUDIT.md for the grants
// that keep the application role from it). TRUNCATE bypasses row triggers, so it gets its own.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_refuse_change()`.execute(db)
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change()`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db)
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db)
  await sql`drop function audit_log_refuse_change()`.execute(db)
}
