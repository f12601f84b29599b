// `npm run bench taxii`: TAXII 2.1 throughput under load (autocannon) on one server: GET
// pages of 100 objects, POST envelopes of 100 new objects, and, as the floor, a static
// response of the same size from the same server (no database, no auth). PGlite in memory
// by default; set VIGIL_BENCH_DATABASE_URL to measure on PostgreSQL.
import { randomUUID } from 'node:crypto'
import { TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { loadConfig, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { buildApp } from '@vigil/server'
import { createExchangeStore, migrateOrThrow, openDatabase } from '@vigil/storage'
import { seedUser, testAuthDeps } from '@vigil/storage/test-support'
import autocannon, { type Result } from 'autocannon'
import { testSecrets } from '../packages/server/src/test-support/test-app.js'

const DURATION = Number(process.env.VIGIL_BENCH_SECONDS ?? 10)
const CONNECTIONS = 8

const campaign = () => ({
  type: 'campaign',
  spec_version: '2.1',
  id: `campaign--${randomUUID()}`,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'Operation Branistan',
  description: 'A coordinated network amplifying the same links within seconds.',
  object_marking_refs: [TLP2_MARKING_IDS.green],
})
const envelope = () => JSON.stringify({ objects: Array.from({ length: 100 }, campaign) })

const url = process.env.VIGIL_BENCH_DATABASE_URL
const database = await openDatabase(url ? { databaseUrl: url } : { memory: true })
await migrateOrThrow(database.db)
const identity = testAuthDeps(database)
const user = await seedUser(identity, { roles: ['analyst'] })
const exchange = createExchangeStore(database.db)
const collection = await exchange.createCollection(
  systemActor('bench'),
  { title: `bench-${randomUUID().slice(0, 8)}`, read: { orgIds: [user.org.id] }, write: { orgIds: [user.org.id] } },
  new Date(),
)
for (let i = 0; i < 10; i++) await exchange.addObjects(user.actor, collection.id, JSON.parse(envelope()).objects)

let floor = ''
const app = await buildApp({
  config: loadConfig({ VIGIL_LOG_LEVEL: 'silent' }),
  database,
  secrets: testSecrets(),
  identity,
  plugins: [
    async (a) => {
      a.get('/bench/static', { config: { permission: 'public' } }, async (_req, reply) =>
        reply.header('content-type', TAXII_MEDIA_TYPE).send(floor),
      )
    },
  ],
})
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
const objects = `${base}/taxii2/vigil/collections/${collection.id}/objects/`
const headers = { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${user.token}` }

const page = await fetch(`${objects}?limit=100`, { headers })
floor = await page.text()
console.log(`database: ${database.kind}; page of 100: ${floor.length} bytes; ${DURATION}s each, ${CONNECTIONS} connections`)

function report(name: string, r: Result, objectsPerRequest: number): void {
  const rps = r.requests.average
  console.log(
    `${name.padEnd(30)} ${rps.toFixed(0).padStart(7)} req/s  ${(rps * objectsPerRequest).toFixed(0).padStart(8)} objects/s  ` +
      `p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
  )
}

report('static floor (same size)', await autocannon({ url: `${base}/bench/static`, connections: CONNECTIONS, duration: DURATION }), 100)
report(
  'GET API root (auth only)',
  await autocannon({ url: `${base}/taxii2/vigil/`, headers, connections: CONNECTIONS, duration: DURATION }),
  0,
)
report(
  'GET collection (auth + grants)',
  await autocannon({ url: `${base}/taxii2/vigil/collections/${collection.id}/`, headers, connections: CONNECTIONS, duration: DURATION }),
  0,
)
report(
  'GET objects, limit=100',
  await autocannon({ url: `${objects}?limit=100`, headers, connections: CONNECTIONS, duration: DURATION }),
  100,
)
report(
  'POST envelope of 100 objects',
  await autocannon({
    url: objects,
    method: 'POST',
    headers: { ...headers, 'content-type': TAXII_MEDIA_TYPE },
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ setupRequest: (req) => ({ ...req, body: envelope() }) }],
  }),
  100,
)
await app.close()
await database.close()
