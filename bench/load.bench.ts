// `npm run bench -- load`: a fixed request rate for a fixed time (autocannon, 127.0.0.1 only)
// against TAXII object pages (limit=100) and the REST search, on one server, then on two
// servers over one PostgreSQL (each its own app and connection pool, in this process, the
// load split evenly between them). Reports req/s, p50/p99 latency, non-2xx and errors, and
// the process's RSS. Needs PostgreSQL: VIGIL_BENCH_DATABASE_URL or VIGIL_TEST_DATABASE_URL
// (a scratch database is created and dropped). VIGIL_LOAD_RATE (requests/s in all, default
// 200), VIGIL_LOAD_SECONDS (default 20), VIGIL_LOAD_OBJECTS (default 5000).
import { randomUUID } from 'node:crypto'
import { TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { loadConfig, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { buildApp, type VigilApp } from '@vigil/server'
import { createExchangeStore, migrateOrThrow, openDatabase, type VigilDatabase } from '@vigil/storage'
import { seedUser, testAuthDeps } from '@vigil/storage/test-support'
import autocannon, { type Result } from 'autocannon'
import pg from 'pg'
import { testSecrets } from '../packages/server/src/test-support/test-app.js'

const url = process.env.VIGIL_BENCH_DATABASE_URL ?? process.env.VIGIL_TEST_DATABASE_URL
if (!url) {
  console.log('skipped: set VIGIL_BENCH_DATABASE_URL (or VIGIL_TEST_DATABASE_URL) to a PostgreSQL server')
  process.exit(0)
}
const RATE = Number(process.env.VIGIL_LOAD_RATE ?? 200)
const SECONDS = Number(process.env.VIGIL_LOAD_SECONDS ?? 20)
const OBJECTS = Number(process.env.VIGIL_LOAD_OBJECTS ?? 5000)
const CONNECTIONS = 10
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
await withAdmin(`CREATE DATABASE ${name}`)
const dbUrl = new URL(url)
dbUrl.pathname = `/${name}`
const databases: VigilDatabase[] = []
const apps: VigilApp[] = []
try {
  const first = await openDatabase({ databaseUrl: dbUrl.toString() })
  databases.push(first)
  await migrateOrThrow(first.db)
  const identity = testAuthDeps(first)
  const user = await seedUser(identity, { roles: ['analyst'] })
  const exchange = createExchangeStore(first.db)
  const collection = await exchange.createCollection(
    systemActor('bench'),
    { title: 'load', read: { orgIds: [user.org.id] }, write: { orgIds: [user.org.id] } },
    new Date(),
  )
  for (let done = 0; done < OBJECTS; done += 500) {
    const batch = Array.from({ length: Math.min(500, OBJECTS - done) }, (_, i) => ({
      type: 'campaign',
      spec_version: '2.1',
      id: `campaign--${randomUUID()}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: `Operation ${done + i}`,
      description: 'A coordinated network amplifying the same links within seconds.',
      object_marking_refs: [TLP2_MARKING_IDS.green],
    }))
    await exchange.addObjects(user.actor, collection.id, batch)
  }
  const serve = async (database: VigilDatabase): Promise<string> => {
    const app = await buildApp({
      config: loadConfig({ VIGIL_LOG_LEVEL: 'silent' }),
      database,
      secrets: testSecrets(),
      identity: testAuthDeps(database),
      plugins: [],
    })
    apps.push(app)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  }
  const one = await serve(first)
  const secondDb = await openDatabase({ databaseUrl: dbUrl.toString() })
  databases.push(secondDb)
  const two = await serve(secondDb)
  const headers = { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${user.token}` }
  const targets = {
    'TAXII objects page, limit=100': `/taxii2/vigil/collections/${collection.id}/objects/?limit=100`,
    'REST search q=operation': '/api/v1/objects?q=operation&limit=50',
  }
  console.log(`PostgreSQL; ${OBJECTS} objects; ${RATE} req/s in all for ${SECONDS} s each, ${CONNECTIONS} connections per server`)
  const line = (label: string, results: Result[], rss: number) => {
    const requests = results.reduce((n, r) => n + r.requests.total, 0)
    const p99 = Math.max(...results.map((r) => r.latency.p99))
    const p50 = Math.max(...results.map((r) => r.latency.p50))
    const non2xx = results.reduce((n, r) => n + r.non2xx, 0)
    const errors = results.reduce((n, r) => n + r.errors, 0)
    console.log(
      `${label.padEnd(48)} ${(requests / SECONDS).toFixed(0).padStart(5)} req/s  p50 ${p50} ms  p99 ${p99} ms  non-2xx ${non2xx}  errors ${errors}  RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
    )
  }
  for (const [label, path] of Object.entries(targets)) {
    for (const bases of [[one], [one, two]]) {
      const results = await Promise.all(
        bases.map((base) =>
          autocannon({
            url: `${base}${path}`,
            headers,
            connections: CONNECTIONS,
            duration: SECONDS,
            overallRate: RATE / bases.length,
          }),
        ),
      )
      line(`${label}, ${bases.length === 1 ? 'one server' : 'two servers'}`, results, process.memoryUsage().rss)
    }
  }
} finally {
  for (const app of apps) await app.close()
  for (const database of databases) await database.close()
  await withAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}
