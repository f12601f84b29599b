import { normaliseIdentifier } from '@vigil/core'
import { type Kysely, sql } from 'kysely'

// §3.1 G1: the directory lists where an impersonated agency is warned, and the warnings wait in
// a queue like the user notices. Account identifiers are stored in the one normalised form the
// requests are compared in (a username imported as `@Alice` is `alice`).
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests_agency').addColumn('security_contact', 'text').execute()
  await db.schema
    .createTable('requests_agency_warning')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('requests_request.id'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sent')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('requests_agency_warning_status').on('requests_agency_warning').column('status').execute()

  await db.schema.dropIndex('requests_account_username').execute()
  await db.schema.createIndex('requests_account_username').on('requests_account').column('username').execute()
  await normaliseStoredIdentifiers(db)
}

/** Rewrites the identifiers of imported accounts in the form requests are compared in. */
// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function normaliseStoredIdentifiers(db: Kysely<any>): Promise<void> {
  const rows: { account_id: string; username: string | null; email: string | null; phone: string | null }[] = await db
    .selectFrom('requests_account')
    .select(['account_id', 'username', 'email', 'phone'])
    .execute()
  for (const r of rows) {
    await db
      .updateTable('requests_account')
      .set({
        username: r.username === null ? null : normaliseIdentifier('username', r.username),
        email: r.email === null ? null : normaliseIdentifier('email', r.email),
        phone: r.phone === null ? null : normaliseIdentifier('phone', r.phone),
      })
      .where('account_id', '=', r.account_id)
      .execute()
  }
}
