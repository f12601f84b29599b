import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('detect_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'completed', 'failed')`))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_index', 'integer', (c) => c.notNull())
    // [{ name, size, sha256 }]: the inputs, stored content-addressed in the uploads directory.
    .addColumn('files', 'jsonb', (c) => c.notNull())
    .addColumn('params', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('summary', 'jsonb')
    .addColumn('error', 'text')
    // The server instance working on it (its pg-boss job has the run's id) and its last
    // heartbeat, so a restarted server can tell a dead worker's run from a live one's.
    .addColumn('worker_id', 'text')
    .addColumn('heartbeat_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('detect_runs_org').on('detect_runs').columns(['org_id', 'created_at']).execute()
  await db.schema
    .createTable('detect_networks')
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('detect_runs.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('label', 'text')
    // The network as networks.json holds it (DetectedNetwork: members, edges, score, evidence).
    .addColumn('network', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('detect_networks_pk', ['run_id', 'id'])
    .execute()
  await db.schema
    .createTable('detect_members')
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addColumn('coordinated_posts', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('detect_members_pk', ['run_id', 'account'])
    .addForeignKeyConstraint('detect_members_network', ['run_id', 'network_id'], 'detect_networks', ['run_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createTable('detect_edges')
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('a', 'text', (c) => c.notNull())
    .addColumn('b', 'text', (c) => c.notNull())
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('detect_edges_pk', ['run_id', 'a', 'b', 'signal'])
    .addForeignKeyConstraint('detect_edges_network', ['run_id', 'network_id'], 'detect_networks', ['run_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
  await db.schema.createIndex('detect_edges_weight').on('detect_edges').columns(['run_id', 'weight']).execute()
  // Every decision is kept: the history, newest last.
  await db.schema
    .createTable('detect_triage')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'uuid', (c) => c.notNull())
    .addColumn('network_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'false-positive', 'taken-down')`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('detect_triage_network', ['run_id', 'network_id'], 'detect_networks', ['run_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
  await db.schema.createIndex('detect_triage_network').on('detect_triage').columns(['run_id', 'network_id', 'seq']).execute()
  await db.schema
    .createTable('detect_allowlist')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id'))
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('added_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('detect_allowlist_pk', ['org_id', 'account'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations see the database untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['detect_allowlist', 'detect_triage', 'detect_edges', 'detect_members', 'detect_networks', 'detect_runs']) {
    await db.schema.dropTable(t).execute()
  }
}
