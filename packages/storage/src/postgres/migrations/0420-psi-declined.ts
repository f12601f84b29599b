import { type Kysely, sql } from 'kysely'

// A responder may decline a proposed session: a final status besides `completed`.
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table psi_sessions drop constraint psi_sessions_status_check`.execute(db)
  await sql`alter table psi_sessions add constraint psi_sessions_status_check
    check (status in ('proposed', 'accepted', 'declined', 'blinded', 'replied', 'completed'))`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table psi_sessions drop constraint psi_sessions_status_check`.execute(db)
  await sql`alter table psi_sessions add constraint psi_sessions_status_check
    check (status in ('proposed', 'accepted', 'blinded', 'replied', 'completed'))`.execute(db)
}
