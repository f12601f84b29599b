// Threat-exchange store: how fast a 100k-object STIX bundle goes into PostgreSQL through
// `addObjects` (validation, TLP, indexing, batched inserts), and how fast a user pages through
// it with the markings applied in SQL. Needs a PostgreSQL server: VIGIL_BENCH_DATABASE_URL or
// VIGIL_TEST_DATABASE_URL (a scratch database is created and dropped). VIGIL_BENCH_OBJECTS
// changes the bundle size (default 100000).
import { randomUUID } from 'node:crypto'
import { actorFor, createOrg, createUser, scoId, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { createAuthDeps, createExchangeStore, migrateOrThrow, openDatabase } from '@vigil/storage'
import pg from 'pg'

const url = process.env.VIGIL_BENCH_DATABASE_URL ?? process.env.VIGIL_TEST_DATABASE_URL
if (!url) {
  console.log('skipped: set VIGIL_BENCH_DATABASE_URL (or VIGIL_TEST_DATABASE_URL) to a PostgreSQL server')
  process.exit(0)
}
const total = Number(process.env.VIGIL_BENCH_OBJECTS ?? 100_000)
const name = `vigil_bench_${randomUUID().replaceAll('-', '')}`
const withAdmin = async (sql: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

// A realistic mix: campaigns and indicators with TLP markings, URL observables, and relationships.
function bundleObjects(n: number): unknown[] {
  const ts = '2026-01-01T00:00:00.000Z'
  const markings = [TLP2_MARKING_IDS.green, TLP2_MARKING_IDS.amber, TLP2_MARKING_IDS.clear]
  const objects: unknown[] = []
  for (let i = 0; objects.length < n; i++) {
    const campaign = {
      type: 'campaign',
      spec_version: '2.1',
      id: `campaign--${randomUUID()}`,
      created: ts,
      modified: ts,
      name: `Campaign ${i}`,
      description: `Coordinated network ${i}`,
    }
    const url = { type: 'url', id: '', value: `https://news-${i}.example/story/${i}` }
    url.id = scoId(url as never) as string
    const indicator = {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${randomUUID()}`,
      created: ts,
      modified: ts,
      pattern: `[url:value = '${url.value}']`,
      pattern_type: 'stix',
      valid_from: ts,
      object_marking_refs: [markings[i % markings.length]],
    }
    const relationship = {
      type: 'relationship',
      spec_version: '2.1',
      id: `relationship--${randomUUID()}`,
      created: ts,
      modified: ts,
      relationship_type: 'indicates',
      source_ref: indicator.id,
      target_ref: campaign.id,
    }
    objects.push(campaign, url, indicator, relationship)
  }
  return objects.slice(0, n)
}

await withAdmin(`create database ${name}`)
const database = await openDatabase({ databaseUrl: `${url.replace(/\/[^/]*$/, '')}/${name}`, poolSize: 4 })
try {
  await migrateOrThrow(database.db)
  const identity = createAuthDeps(database.db)
  const admin = systemActor('bench')
  const org = await createOrg(identity, admin, { name: 'Bench Lab', kind: 'civil-society', domains: [] })
  const user = await createUser(identity, admin, { orgId: org.id, email: 'bench@lab.example', roles: ['analyst'] })
  const actor = actorFor({ user, org }, 'cli')
  const store = createExchangeStore(database.db)
  const collection = await store.createCollection(
    admin,
    { title: 'bench', read: { orgIds: [org.id] }, write: { orgIds: [org.id] } },
    new Date(),
  )
  const objects = bundleObjects(total)

  let start = performance.now()
  const result = await store.addObjects(actor, collection.id, objects)
  const importSeconds = (performance.now() - start) / 1000
  if (result.successCount !== total) throw new Error(`stored ${result.successCount} of ${total}`)
  console.log(`import: ${total} objects in ${importSeconds.toFixed(1)} s = ${Math.round(total / importSeconds)} objects/s`)

  start = performance.now()
  await store.addObjects(actor, collection.id, objects)
  const repostSeconds = (performance.now() - start) / 1000
  console.log(`idempotent re-post: ${Math.round(total / repostSeconds)} objects/s`)

  for (const limit of [100, 1000]) {
    start = performance.now()
    let read = 0
    let pages = 0
    let after: string | undefined
    do {
      const page = await store.list(actor, {}, { limit, ...(after ? { after } : {}) })
      read += page.objects.length
      pages++
      after = page.next ?? undefined
    } while (after)
    const seconds = (performance.now() - start) / 1000
    if (read !== total) throw new Error(`read ${read} of ${total}`)
    console.log(
      `paged read (limit ${limit}): ${read} objects in ${pages} pages, ${seconds.toFixed(1)} s = ${Math.round(read / seconds)} objects/s, ${((seconds / pages) * 1000).toFixed(1)} ms/page`,
    )
  }
  start = performance.now()
  const found = await store.list(actor, { text: 'campaign 4242' }, { limit: 100 })
  console.log(`free-text search: ${found.objects.length} hit(s) in ${(performance.now() - start).toFixed(0)} ms`)
} finally {
  await database.close()
  await withAdmin(`drop database if exists ${name} with (force)`)
}
