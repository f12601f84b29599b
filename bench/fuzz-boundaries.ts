// Fuzzing of Vigil's input boundaries with fast-check: each boundary gets generated cases,
// valid, mutated and hostile, and every answer is checked for a crash (a 5xx, an INTERNAL
// code, "unexpected error", an error that is not a VigilError) and for a partial write
// (rows stored beyond what the answer says was accepted; any row for a refused request).
// Used by `npm run bench -- fuzz` (10,000 cases per boundary) and bench/fuzz-boundaries.test.ts (CI).
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { MispEventFile, StixBundle, TAXII_MEDIA_TYPE } from '@vigil/contracts'
import {
  createOrg,
  generatePsiKeyPair,
  isVigilError,
  mispEventToStix,
  parseInput,
  systemActor,
  TLP2_MARKING_IDS,
  toWire,
} from '@vigil/core'
import type { VigilApp } from '@vigil/server'
import { createExchangeStore, createPsiDeps, listAgency, nodeRandom, type VigilDatabase } from '@vigil/storage'
import { type SeededUser, seedUser, testIdentityDeps } from '@vigil/storage/test-support'
import fc from 'fast-check'
import { pino } from 'pino'
import { run } from '../packages/cli/src/run.js'
import { captureIo } from '../packages/cli/src/test-support/capture-io.js'
import { buildTestApp } from '../packages/server/src/test-support/test-app.js'

/** What one boundary answered over its cases. */
export interface FuzzResult {
  readonly boundary: string
  readonly cases: number
  readonly crashes: number
  readonly partialWrites: number
  /** How often each answer came (HTTP status, or exit code / error code). */
  readonly answers: Record<string, number>
  /** The first few crashing or partially written cases, for the report. */
  readonly examples: string[]
  readonly seconds: number
}

export const BOUNDARIES = [
  'rest-bundle',
  'taxii-envelope',
  'cli-import',
  'misp-event',
  'taxii-query',
  'request-intake',
  'psi-message',
  'detect-dump',
] as const
export type Boundary = (typeof BOUNDARIES)[number]

const ts = fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z', 'now', '', '1e9')
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u001b]0;pwned\u0007',
    '=HYPERLINK("http://x")',
    '__proto__',
    '../../etc/passwd',
    'x'.repeat(5000),
    '%00',
    '😀',
  ),
)
// Nesting is written into the text (JSON.stringify itself overflows the stack on thousands of levels).
const deep = fc.integer({ min: 1, max: 6000 }).map((n) => `__DEEP_${n}__`)
/** JSON text of a generated value, with its deep-nesting markers expanded. */
const text = (value: unknown): string =>
  (JSON.stringify(value) ?? 'null').replace(/"__DEEP_(\d+)__"/g, (_, n: string) => `${'{"d":'.repeat(Number(n))}0${'}'.repeat(Number(n))}`)
const markingRef = fc.oneof(
  fc.constantFrom(...Object.values(TLP2_MARKING_IDS)),
  fc.constantFrom('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c2', 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ee'),
  fc.uuid().map((u) => `marking-definition--${u}`),
  hostileString,
)
const campaign = fc.record({
  type: fc.constant('campaign'),
  spec_version: fc.constant('2.1'),
  id: fc.uuid({ version: 4 }).map((u) => `campaign--${u}`),
  created: fc.constant('2026-01-01T00:00:00.000Z'),
  modified: fc.constant('2026-01-01T00:00:00.000Z'),
  name: fc.string({ minLength: 1 }),
})
/** A STIX object: valid, mutated (a property replaced by anything), hostile, or not an object at all. */
const stixObject: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: campaign },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        campaign,
        fc.constantFrom('type', 'id', 'spec_version', 'created', 'modified', 'name', 'description', 'x_custom'),
        fc.jsonValue(),
      )
      .map(([c, key, value]) => ({ ...c, [key]: value })),
  },
  { weight: 2, arbitrary: fc.tuple(campaign, hostileString).map(([c, s]) => ({ ...c, description: s })) },
  { weight: 1, arbitrary: fc.tuple(campaign, deep).map(([c, d]) => ({ ...c, x_deep: d })) },
  { weight: 2, arbitrary: fc.tuple(campaign, fc.array(markingRef, { maxLength: 3 })).map(([c, m]) => ({ ...c, object_marking_refs: m })) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constantFrom('domain-name', 'ipv4-addr', 'url', 'email-addr', 'user-account'),
      id: fc.oneof(
        fc.uuid().map((u) => `domain-name--${u}`),
        fc.uuid().map((u) => `ipv4-addr--${u}`),
        hostileString,
      ),
      value: hostileString,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('marking-definition'),
      spec_version: fc.constant('2.1'),
      id: fc.uuid().map((u) => `marking-definition--${u}`),
      created: ts,
      definition_type: fc.constantFrom('tlp', 'statement', 'x'),
      definition: fc.oneof(fc.record({ tlp: fc.constantFrom('red', 'amber', 'green', 'white', 'purple') }), fc.jsonValue()),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }) },
)
const objects = fc.array(stixObject, { maxLength: 8 })
/** A bundle's text: mostly a bundle, sometimes a mutated one, sometimes not JSON or not a bundle at all. */
const bundleText = fc.oneof(
  { weight: 6, arbitrary: objects.map((o) => text({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: o })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(objects, fc.dictionary(fc.constantFrom('type', 'id', 'objects', 'spec_version', '__proto__', 'x'), fc.jsonValue()))
      .map(([o, extra]) => text({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: o, ...extra })),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '{"objects":[', '{"__proto__":{"x":1}}', '\u0000', '')) },
)
const envelopeText = fc.oneof(
  { weight: 6, arbitrary: objects.map((o) => text({ objects: o })) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.string() },
)
const mispEvent = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      Event: fc.record(
        {
          uuid: fc.oneof(fc.uuid(), hostileString),
          info: hostileString,
          date: fc.oneof(fc.constant('2026-11-03'), hostileString),
          distribution: fc.constantFrom('0', '1', '2', '3', '4', '5', 'x'),
          Tag: fc.array(
            fc.record({ name: fc.oneof(fc.constantFrom('tlp:green', 'tlp:red', 'tlp:amber+strict', 'tlp:clear'), hostileString) }),
            {
              maxLength: 3,
            },
          ),
          Attribute: fc.array(
            fc.record({
              type: fc.oneof(
                fc.constantFrom('domain', 'ip-src', 'ip-dst', 'url', 'email-src', 'md5', 'sha256', 'hostname', 'text'),
                hostileString,
              ),
              category: fc.constantFrom('Network activity', 'Payload delivery', 'Other'),
              value: hostileString,
            }),
            { maxLength: 6 },
          ),
        },
        { requiredKeys: ['uuid', 'info'] },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
)
const queryValue = fc.oneof(
  hostileString,
  fc.integer().map(String),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000000Z', 'first', 'last', 'all', '0', '-1', '1e400', 'NaN'),
)
const taxiiQuery = fc
  .dictionary(
    fc.constantFrom(
      'added_after',
      'limit',
      'next',
      'match[type]',
      'match[id]',
      'match[version]',
      'match[spec_version]',
      'match[x]',
      '__proto__',
    ),
    fc.oneof(queryValue, fc.array(queryValue, { minLength: 2, maxLength: 3 })),
    { maxKeys: 4 },
  )
  .map((q) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one)
    return params.toString()
  })
const intakeRequest = fc.dictionary(
  fc.constantFrom(
    'process',
    'agency',
    'official',
    'caseNumber',
    'targets',
    'categories',
    'dateRange',
    'nonDisclosureOrder',
    'emergency',
    'legalBasis',
    'x',
  ),
  fc.oneof(
    fc.jsonValue(),
    hostileString,
    fc.constantFrom(
      'court_order_2703d',
      'subpoena',
      'warrant',
      [{ type: 'username', value: 'target_account' }],
      [{ type: 'phone', value: '\u0000' }],
      ['basic_subscriber_info', 'message_content'],
      { from: '2026-01-31', to: '2026-01-01' },
      { name: 'Federal Bureau of Investigation', country: 'US' },
    ),
  ),
  { maxKeys: 5 },
)
const psiMessage = fc.oneof(
  fc.jsonValue(),
  fc.record({
    protocol: fc.oneof(fc.constant('vigil-psi-ecdh-x25519-v1'), hostileString),
    kind: fc.constantFrom('phone', 'email', 'account', 'x'),
    blinded: fc.oneof(
      fc.record({ encoding: fc.constantFrom('base64', 'hex', 'x'), count: fc.integer(), data: fc.oneof(fc.base64String(), hostileString) }),
      fc.jsonValue(),
    ),
    signature: fc.oneof(fc.base64String(), hostileString),
  }),
)
/** A dump file: CSV or NDJSON rows of hostile cells, optionally gzipped, sometimes truncated. */
const dump = fc
  .record({
    format: fc.constantFrom('csv', 'ndjson'),
    header: fc.oneof(
      fc.constant<string[]>(['object_id', 'account_id', 'content_id', 'timestamp_share']),
      fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('account', 'time', 'url')), { minLength: 1, maxLength: 5 }),
    ),
    rows: fc.array(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), hostileString), { maxLength: 6 }), {
      maxLength: 12,
    }),
    gzip: fc.constantFrom('none', 'none', 'gzip', 'truncated'),
  })
  .map(({ format, header, rows, gzip }) => {
    const text =
      format === 'csv'
        ? [header.join(','), ...rows.map((r) => r.join(','))].join('\n')
        : rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])))).join('\n')
    const bytes = Buffer.from(text)
    const zipped = gzipSync(bytes)
    return {
      name: `dump.${format}${gzip === 'none' ? '' : '.gz'}`,
      content: gzip === 'none' ? bytes : gzip === 'gzip' ? zipped : zipped.subarray(0, Math.max(1, zipped.length >> 1)),
    }
  })

const isCrashBody = (body: string): boolean => /"INTERNAL"|unexpected error/i.test(body)

/** The fuzzing target: one app over `database`, its users and collections, and each boundary's runner. */
export async function createFuzzTarget(database: VigilDatabase, logErrors = false) {
  const identity = testIdentityDeps(database)
  const psi = createPsiDeps(database.db)
  const app: VigilApp = await buildTestApp(database, { identity, psi, ...(logErrors ? { logger: pino({ level: 'error' }) } : {}) })
  const admin = systemActor('fuzz')
  const writer = await seedUser(identity, { roles: ['analyst'] })
  const platform = await seedUser(identity, { roles: ['analyst', 'reviewer'], kind: 'platform' })
  const agencyName = `Agency ${randomUUID().slice(0, 8)}`
  const agencyOrg = await createOrg(identity, admin, { name: agencyName, kind: 'government', domains: ['example.org'] })
  const requester = await seedUser(identity, { roles: ['requester', 'analyst'], org: agencyOrg })
  await database.db.updateTable('users').set({ totp_enabled_at: new Date() }).where('id', '=', requester.user.id).execute()
  await listAgency(
    database.db,
    admin,
    { agency: agencyName, country: 'US', domains: ['example.org'], callbackPhone: '+1 202 324 3000' },
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
  const objectsStored = () => count('exchange_objects', 'collection_id')

  /** One case: its answer, whether it crashed, whether it wrote more than it accepted. */
  type Outcome = { answer: string; crash: boolean; partial: boolean }
  type Case<T> = { arbitrary: fc.Arbitrary<T>; run: (value: T) => Promise<Outcome> }

  const http = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    who: SeededUser,
    payload: string | undefined,
    contentType = 'application/json',
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...who.headers, accept: url.startsWith('/taxii2/') ? TAXII_MEDIA_TYPE : 'application/json', 'content-type': contentType },
      ...(payload === undefined ? {} : { payload }),
    })
    return { status: res.statusCode, body: res.body, crash: res.statusCode >= 500 || isCrashBody(res.body) }
  }

  const cases: Record<Boundary, Case<unknown>> = {
    'rest-bundle': {
      arbitrary: bundleText,
      run: async (text: string) => {
        const before = await objectsStored()
        const r = await http('POST', `/api/v1/collections/${collection}/objects`, writer, text)
        const delta = (await objectsStored()) - before
        const accepted = r.status === 200 ? (JSON.parse(r.body).successCount as number) : 0
        return { answer: String(r.status), crash: r.crash, partial: delta > accepted }
      },
    } as unknown as Case<unknown>,
    'taxii-envelope': {
      arbitrary: envelopeText,
      run: async (text: string) => {
        const before = await objectsStored()
        const r = await http('POST', `/taxii2/vigil/collections/${collection}/objects/`, writer, text, TAXII_MEDIA_TYPE)
        const delta = (await objectsStored()) - before
        const accepted = r.status === 202 ? (JSON.parse(r.body).success_count as number) : 0
        return { answer: String(r.status), crash: r.crash, partial: delta > accepted }
      },
    } as unknown as Case<unknown>,
    'cli-import': {
      // The CLI's own steps after reading the file: JSON.parse, the bundle or MISP schema, addObjects.
      arbitrary: fc.tuple(
        fc.constantFrom('stix', 'misp'),
        fc.oneof(
          bundleText,
          mispEvent.map((e) => JSON.stringify(e) ?? 'null'),
        ),
      ),
      run: async ([format, text]: [string, string]) => {
        const before = await objectsStored()
        let accepted = 0
        let answer = 'ok'
        let crash = false
        try {
          let value: unknown
          try {
            value = JSON.parse(text)
          } catch (err) {
            throw Object.assign(new Error((err as Error).message), { code: 'VALIDATION_FAILED', vigil: true })
          }
          const objects =
            format === 'misp'
              ? mispEventToStix(parseInput(MispEventFile, value).Event).objects
              : (parseInput(StixBundle, value).objects ?? [])
          accepted = (await exchange.addObjects(writer.actor, collection, objects)).successCount
          answer = accepted === objects.length ? 'all stored' : 'some refused'
        } catch (err) {
          if (isVigilError(err)) answer = err.code
          else if ((err as { vigil?: boolean }).vigil) answer = 'VALIDATION_FAILED'
          else {
            crash = true
            answer = `crash: ${(err as Error).message}`
          }
        }
        const delta = (await objectsStored()) - before
        return { answer, crash, partial: delta > accepted }
      },
    } as unknown as Case<unknown>,
    'misp-event': {
      arbitrary: mispEvent.map((e) => JSON.stringify(e) ?? 'null'),
      run: async (text: string) => {
        const before = await objectsStored()
        const r = await http('POST', `/api/v1/collections/${collection}/misp`, writer, text)
        const delta = (await objectsStored()) - before
        const accepted = r.status === 200 ? (JSON.parse(r.body).successCount as number) : 0
        return { answer: String(r.status), crash: r.crash, partial: delta > accepted }
      },
    } as unknown as Case<unknown>,
    'taxii-query': {
      arbitrary: taxiiQuery,
      run: async (query: string) => {
        const r = await http('GET', `/taxii2/vigil/collections/${collection}/objects/?${query}`, writer, undefined)
        return { answer: String(r.status), crash: r.crash, partial: false }
      },
    } as unknown as Case<unknown>,
    'request-intake': {
      arbitrary: intakeRequest,
      run: async (request: Record<string, unknown>) => {
        const before = await count('requests_request')
        const r = await http(
          'POST',
          '/api/v1/requests',
          requester,
          JSON.stringify({
            platformOrgId: platform.org.id,
            request: {
              process: 'court_order_2703d',
              agency: { name: agencyName, country: 'US' },
              official: { name: 'Dana Agent', email: requester.user.email, phone: '+1 202 555 0100' },
              caseNumber: 'F-1',
              targets: [{ type: 'username', value: 'target_account' }],
              categories: ['basic_subscriber_info'],
              dateRange: { from: '2026-01-01', to: '2026-01-31' },
              ...request,
            },
            document: { filename: 'order.pdf', signed: true, pdfBase64: Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64') },
          }),
        )
        const delta = (await count('requests_request')) - before
        return { answer: String(r.status), crash: r.crash, partial: delta > (r.status === 201 ? 1 : 0) }
      },
    } as unknown as Case<unknown>,
    'psi-message': {
      arbitrary: psiMessage.map((m) => JSON.stringify(m) ?? 'null'),
      run: async (text: string) => {
        const r = await http('PUT', `/api/v1/psi/sessions/${session}/initiator-message`, requester, text)
        const status = (await app.inject({ url: `/api/v1/psi/sessions/${session}`, headers: requester.headers })).json().status
        // An unsigned message never moves the session on.
        return { answer: String(r.status), crash: r.crash, partial: status !== 'accepted' }
      },
    } as unknown as Case<unknown>,
    'detect-dump': {
      // `vigil detect` itself, in process: exit 2 with one line, or 0 with every output; never 1, never a partial folder.
      arbitrary: dump,
      run: async (file: { name: string; content: Buffer }) => {
        const dir = await mkdtemp(join(workDir, 'd-'))
        await writeFile(join(dir, file.name), file.content)
        const io = captureIo()
        const code = await run(['detect', join(dir, file.name), '--out', join(dir, 'out'), '--min-repeat', '1'], io)
        const entries = await readdir(dir)
        const outputs = entries.includes('out') ? (await readdir(join(dir, 'out'))).sort().join(',') : ''
        await rm(dir, { recursive: true, force: true })
        const complete = outputs === '' || /^accounts\.csv,edges,networks\.json,report\.html$/.test(outputs)
        const leftovers = entries.some((e) => e.startsWith('.'))
        return {
          answer: `exit ${code}`,
          crash: code !== 0 && code !== 2 ? true : /unexpected error/.test(io.err()),
          partial: !complete || leftovers || (code !== 0 && outputs !== ''),
        }
      },
    } as unknown as Case<unknown>,
  }

  return {
    /** Runs `runs` generated cases against one boundary (seeded, so a run can be repeated). */
    async fuzz(boundary: Boundary, runs: number, seed = 42): Promise<FuzzResult> {
      const started = Date.now()
      const c = cases[boundary]
      const answers: Record<string, number> = {}
      const examples: string[] = []
      let crashes = 0
      let partialWrites = 0
      for (const value of fc.sample(c.arbitrary, { numRuns: runs, seed })) {
        const o = await c.run(value)
        answers[o.answer] = (answers[o.answer] ?? 0) + 1
        if (o.crash) crashes++
        if (o.partial) partialWrites++
        if ((o.crash || o.partial) && examples.length < 3) examples.push(`${o.answer}: ${JSON.stringify(value).slice(0, 300)}`)
      }
      return { boundary, cases: runs, crashes, partialWrites, answers, examples, seconds: (Date.now() - started) / 1000 }
    },
    async close(): Promise<void> {
      await app.close()
      await rm(workDir, { recursive: true, force: true })
    },
  }
}
