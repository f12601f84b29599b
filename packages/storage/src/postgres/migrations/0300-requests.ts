import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  // The instance's verified-agency directory: domains, and the call-back number (§3.2 E4).
  await db.schema
    .createTable('requests_agency')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('domains', 'jsonb', (c) => c.notNull())
    .addColumn('callback_phone', 'text', (c) => c.notNull())
    .addUniqueConstraint('requests_agency_name_country', ['name', 'country'])
    .execute()
  await db.schema
    .createTable('requests_compromised_sender')
    .addColumn('value', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('address', 'domain')`))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('requests_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('agency_org_id', 'uuid', (c) => c.notNull())
    .addColumn('platform_org_id', 'uuid', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('process', 'text', (c) => c.notNull())
    .addColumn('agency_name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('assessment', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('approved_categories', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('pending_conditions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('decided_by', 'uuid')
    .addColumn('preserve_until', 'text')
    .addColumn('extensions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reject_code', 'text')
    .addColumn('duplicate_of', 'uuid')
    .addColumn('suspected_fraud', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('disclosed_at', 'timestamptz')
    .addColumn('last_alert', 'text')
    .addColumn('state_entered_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('requests_request_agency').on('requests_request').columns(['agency_org_id', 'state']).execute()
  await db.schema.createIndex('requests_request_platform').on('requests_request').columns(['platform_org_id', 'state']).execute()
  await db.schema.createIndex('requests_request_received').on('requests_request').column('received_at').execute()
  await db.schema
    .createTable('requests_message')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('requests_request.id').onDelete('cascade'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('requester', 'reviewer')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute()
  // The signed legal documents and the disclosure packages, kept until the retention purge.
  await db.schema
    .createTable('requests_document')
    .addColumn('request_id', 'uuid', (c) => c.primaryKey().references('requests_request.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', 'bytea')
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull())
    .addColumn('purged_at', 'timestamptz')
    .execute()
  await db.schema
    .createTable('requests_package')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('requests_request.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('manifest', 'jsonb', (c) => c.notNull())
    .addColumn('content', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('purged_at', 'timestamptz')
    .execute()
  // User notices (§3.4): held under an NDO, queued, sent through the outbox.
  await db.schema
    .createTable('requests_notice')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('request_id', 'uuid', (c) => c.notNull().references('requests_request.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('held', 'queued', 'sent', 'cancelled')`))
    .addColumn('not_before', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('requests_notice_due').on('requests_notice').columns(['status', 'not_before']).execute()
  // The built-in account data source: records imported by `vigil requests import-accounts`.
  await db.schema
    .createTable('requests_account')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('requests_account_username').on('requests_account').expression(sql`lower(username)`).execute()
  await db.schema.createIndex('requests_account_email').on('requests_account').column('email').execute()
  await db.schema.createIndex('requests_account_phone').on('requests_account').column('phone').execute()
  await db.schema
    .createTable('requests_activity')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('requests_activity_account').on('requests_activity').columns(['account_id', 'category', 'at']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'requests_package',
    'requests_document',
    'requests_notice',
    'requests_activity',
    'requests_account',
    'requests_message',
    'requests_request',
    'requests_compromised_sender',
    'requests_agency',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
