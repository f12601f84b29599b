import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  // One current PSI signing key per organisation: the public half only (Ed25519, 32 bytes).
  await db.schema
    .createTable('psi_org_keys')
    .addColumn('org_id', 'uuid', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('public_key', 'bytea', (c) => c.notNull().check(sql`octet_length(public_key) = 32`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .execute()
  // The sweeper looks for expired sessions that still hold messages.
  await db.schema.createIndex('psi_sessions_expires').on('psi_sessions').column('expires_at').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('psi_sessions_expires').execute()
  await db.schema.dropTable('psi_org_keys').execute()
}
