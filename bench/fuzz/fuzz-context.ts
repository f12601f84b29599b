// What every boundary of the fuzzing harness runs against: one app over the database, its
// users (an analyst writing a collection, a requester of an agency with 2FA, a platform),
// a PSI session accepted between them, a scratch folder, and how a case's answer is judged.
import { randomUUID } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { createOrg, generatePsiKeyPair, systemActor, toWire } from '@vigil/core'
import type { VigilApp } from '@vigil/server'
import { createExchangeStore, createPsiDeps, listAgency, nodeRandom, type VigilDatabase } from '@vigil/storage'
import { type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import fc from 'fast-check'
import { pino } from 'pino'
import { buildTestApp } from '../../packages/server/src/test-support/test-app.js'

/** One case's verdict: its answer, whether it crashed, whether it wrote more than it accepted. */
export interface Outcome {
  readonly answer: string
  readonly crash: boolean
  readonly partial: boolean
}

/** A boundary's generated cases, each ready to run. */
export interface FuzzCase {
  cases(runs: number, seed: number): Iterable<{ readonly value: unknown; run(): Promise<Outcome> }>
}

/** The cases of `arbitrary` (seeded, so a run can be repeated), each judged by `run`. */
export function fuzzCase<T>(arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<Outcome>): FuzzCase {
  return {
    *cases(runs, seed) {
      for (const value of fc.sample(arbitrary, { numRuns: runs, seed })) yield { value, run: () => run(value) }
    },
  }
}

/** An HTTP answer: a crash is a 5xx, or an opaque internal error in any body. */
export interface HttpAnswer {
  readonly status: number
  readonly body: string
  readonly crash: boolean
}

export type FuzzContext = Awaited<ReturnType<typeof createFuzzContext>>

const isCrashBody = (body: string): boolean => /"INTERNAL"|unexpected error/i.test(body)

/** Seeds the users, the collection and the PSI session the boundaries write to. */
export async function createFuzzContext(database: VigilDatabase, logErrors: boolean) {
  const identity = testAuthDeps(database)
  const psi = createPsiDeps(database.db)
  const app: VigilApp = await buildTestApp(database, {
    identity,
    psi,
    // Every case must reach its boundary: at the default 1,200 requests a minute, most of
    // 10,000 fast cases were answered 429 by the rate limit instead.
    env: { VIGIL_RATE_LIMIT_PER_MINUTE: '1000000' },
    ...(logErrors ? { logger: pino({ level: 'error' }) } : {}),
  })
  const admin = systemActor('fuzz')
  const writer = await seedUser(identity, { roles: ['analyst'] })
  const platform = await seedUser(identity, { roles: ['analyst', 'reviewer'], kind: 'platform' })
  // A domain of its own, so the bench can run again over the same PostgreSQL database.
  const run = randomUUID().slice(0, 8)
  const agencyName = `Agency ${run}`
  const agencyDomain = `fuzz-${run}.example.org`
  const agencyOrg = await createOrg(identity, admin, { name: agencyName, kind: 'government', domains: [agencyDomain] })
  const requester = await seedUser(identity, { roles: ['requester', 'analyst'], org: agencyOrg })
  await database.db
    .updateTable('users')
    .set({ totp_enabled_at: new Date(), email: `requester@${agencyDomain}` })
    .where('id', '=', requester.user.id)
    .execute()
  await listAgency(
    database.db,
    admin,
    { agency: agencyName, country: 'US', domains: [agencyDomain], callbackPhone: '+1 202 324 3000' },
    agencyOrg.id,
    new Date(),
  )
  const exchange = createExchangeStore(database.db)
  const collection = (
    await exchange.createCollection(
      admin,
      { title: `fuzz-${randomUUID().slice(0, 8)}`, read: { orgIds: [writer.org.id] }, write: { orgIds: [writer.org.id] } },
      new Date(),
    )
  ).id
  for (const who of [requester, platform]) {
    const key = generatePsiKeyPair(nodeRandom)
    await app.inject({ method: 'PUT', url: '/api/v1/psi/key', headers: who.headers, payload: { publicKey: toWire(key.publicKey).data } })
  }
  const proposed = await app.inject({
    method: 'POST',
    url: '/api/v1/psi/sessions',
    headers: requester.headers,
    payload: { responderOrgId: platform.org.id, purpose: 'fuzzing the message boundary', kind: 'phone', maxSetSize: 10 },
  })
  const session = proposed.json().id as string
  await app.inject({ method: 'POST', url: `/api/v1/psi/sessions/${session}/accept`, headers: platform.headers })
  const workDir = await mkdtemp(join(tmpdir(), 'vigil-fuzz-'))

  const count = async (table: 'exchange_objects' | 'requests_request', column?: 'collection_id'): Promise<number> => {
    let q = database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'))
    if (column) q = q.where(column as never, '=', collection as never)
    return Number((await q.executeTakeFirst())?.n ?? 0)
  }

  const http = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    who: SeededUser,
    payload: string | undefined,
    contentType = 'application/json',
  ): Promise<HttpAnswer> => {
    const res = await app.inject({
      method,
      url,
      headers: { ...who.headers, accept: url.startsWith('/taxii2/') ? TAXII_MEDIA_TYPE : 'application/json', 'content-type': contentType },
      ...(payload === undefined ? {} : { payload }),
    })
    return { status: res.statusCode, body: res.body, crash: res.statusCode >= 500 || isCrashBody(res.body) }
  }

  return {
    app,
    exchange,
    writer,
    requester,
    platform,
    agencyName,
    collection,
    session,
    workDir,
    count,
    objectsStored: () => count('exchange_objects', 'collection_id'),
    http,
  }
}
