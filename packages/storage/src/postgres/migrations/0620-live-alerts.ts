import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  // A feed's alert thresholds (LiveAlertRules); a feed without a row uses the defaults.
  await db.schema
    .createTable('live_alert_rules')
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('new_accounts', 'integer', (c) => c.notNull().check(sql`new_accounts >= 2`))
    .addColumn('growth_accounts', 'integer', (c) => c.notNull().check(sql`growth_accounts >= 1`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_alert_rules_pk', ['org_id', 'feed'])
    .addForeignKeyConstraint('live_alert_rules_feed', ['org_id', 'feed'], 'live_feeds', ['org_id', 'name'], (fk) => fk.onDelete('cascade'))
    .execute()
  // The members of each network of the feed's last recomputation, which the next one is compared with.
  await db.schema
    .createTable('live_alert_state')
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('networks', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_alert_state_pk', ['org_id', 'feed'])
    .addForeignKeyConstraint('live_alert_state_feed', ['org_id', 'feed'], 'live_feeds', ['org_id', 'name'], (fk) => fk.onDelete('cascade'))
    .execute()
  // Raised alerts, with the network as it was.
  await db.schema
    .createTable('live_alerts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('new', 'growth')`))
    .addColumn('added', 'jsonb', (c) => c.notNull())
    .addColumn('network', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('live_alerts_feed', ['org_id', 'feed'], 'live_feeds', ['org_id', 'name'], (fk) => fk.onDelete('cascade'))
    .execute()
  await db.schema.createIndex('live_alerts_feed').on('live_alerts').columns(['org_id', 'feed', 'id']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_alerts').execute()
  await db.schema.dropTable('live_alert_state').execute()
  await db.schema.dropTable('live_alert_rules').execute()
}
