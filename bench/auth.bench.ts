// Identity and audit costs: scrypt per password, one token-authenticated request, and
// audit-chain verification throughput, on embedded PGlite in memory.

import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createApiToken, createOrg, createUser, loadConfig, systemActor } from '@vigil/core'
import { buildApp } from '@vigil/server'
import { createAuthDeps, DEFAULT_SCRYPT_PARAMS, migrateOrThrow, openDatabase, scryptPasswordHasher, verifyAuditLog } from '@vigil/storage'
// The append itself is storage's own; callers reach it only through audited changes.
import { appendAudit } from '../packages/storage/src/audit/append-audit.js'

const hasher = scryptPasswordHasher(DEFAULT_SCRYPT_PARAMS)
let t = performance.now()
const stored = await hasher.hash('correct horse battery staple')
for (let i = 0; i < 4; i++) await hasher.verify('correct horse battery staple', stored)
console.log(`scrypt N=2^17 r=8 p=1: ${((performance.now() - t) / 5).toFixed(0)} ms per hash or check`)

const database = await openDatabase({ memory: true })
await migrateOrThrow(database.db)
const identity = createAuthDeps(database.db, { scrypt: { N: 1024, r: 8, p: 1 } })
const admin = systemActor('bench')
const org = await createOrg(identity, admin, { name: 'Bench', kind: 'platform', domains: [] })
const user = await createUser(identity, admin, { orgId: org.id, email: 'bench@example.org', roles: ['analyst'] })
const { secret } = await createApiToken(identity, admin, user.id, { name: 'bench' })
const { privateKey } = generateKeyPairSync('ed25519')
const app = await buildApp({
  config: loadConfig({ VIGIL_RATE_LIMIT_PER_MINUTE: '1000000' }),
  database,
  secrets: { sessionSecret: 'x'.repeat(43), signingKey: privateKey, verifyKey: createPublicKey(privateKey), dataKey: randomBytes(32) },
  identity,
})
const N = 2000
t = performance.now()
for (let i = 0; i < N; i++) {
  const res = await app.inject({ url: '/api/v1/session', headers: { authorization: `Bearer ${secret}` } })
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`)
}
const perRequest = (performance.now() - t) / N
console.log(
  `GET /api/v1/session with a Bearer token (resolve, rate limit, can, answer): ${perRequest.toFixed(2)} ms per request, ${(1000 / perRequest).toFixed(0)} req/s sequential`,
)
await app.close()

const ENTRIES = 20_000
t = performance.now()
await database.db.transaction().execute(async (trx) => {
  for (let i = 0; i < ENTRIES; i++)
    await appendAudit(trx, { actor: admin, action: 'bench.append', outcome: 'success', details: { i } }, new Date())
})
const appendMs = performance.now() - t
console.log(`appendAudit: ${((appendMs / ENTRIES) * 1000).toFixed(0)} µs per entry (${ENTRIES} in one transaction)`)
t = performance.now()
const verdict = await verifyAuditLog(database.db)
const verifyMs = performance.now() - t
if (!verdict.ok) throw new Error('chain broken')
console.log(
  `verifyAuditLog: ${verdict.entries} entries in ${verifyMs.toFixed(0)} ms, ${((verdict.entries / verifyMs) * 1000).toFixed(0)} entries/s`,
)
await database.close()
