import { generateKeyPairSync } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Assessment, AssessmentSettings, type ReviewAction, TransparencyReport } from '@vigil/contracts'
import { actOnRequest, fixedClock, systemActor } from '@vigil/core'
import { createAccountDataSource, createReviewDeps, listAgency, openDatabase } from '@vigil/storage'
import { createMigratedDataDir, requestsActor, submitTestRequest, TEST_AGENCY, TEST_PLATFORM } from '@vigil/storage/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const examples = fileURLToPath(new URL('../../../../docs/examples/', import.meta.url))

describe('vigil requests and vigil report transparency', async () => {
  const dataDir = await createMigratedDataDir('vigil-requests-')
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const env = { VIGIL_DATA_DIR: dataDir }

  it('imports the documented account files', async () => {
    const io = captureIo(env)
    expect(await run(['requests', 'import-accounts', join(examples, 'accounts.ndjson'), '--json'], io)).toBe(0)
    expect(JSON.parse(io.out())).toEqual({ accounts: 2, activities: 5, lines: 7 })
    const csv = captureIo(env)
    expect(await run(['requests', 'import-accounts', join(examples, 'accounts.csv')], csv)).toBe(0)
    expect(csv.out()).toBe('Imported 2 account(s) and 2 activity record(s).\n')
    // Loading personal data is audited: who, from which file, how much.
    const database = await openDatabase({ dataDir })
    try {
      const audited = await database.db
        .selectFrom('audit_log')
        .select(['actor', 'details'])
        .where('action', '=', 'requests.accounts.import')
        .orderBy('seq')
        .execute()
      expect(audited.map((a) => a.details)).toEqual([
        { source: 'accounts.ndjson', accounts: 2, activities: 5, lines: 7 },
        { source: 'accounts.csv', accounts: 2, activities: 2, lines: 4 },
      ])
    } finally {
      await database.close()
    }
  }, 120_000) // the first command migrates a fresh embedded database: slow on a loaded machine

  it('assesses the documented example against the imported accounts', async () => {
    const io = captureIo(env)
    expect(await run(['requests', 'assess', join(examples, 'request-subpoena.json'), '--json'], io)).toBe(0)
    const a = Assessment.parse(JSON.parse(io.out()))
    expect(a.outcome).toBe('narrow')
    expect(a.allowedCategories).toEqual(['basic_subscriber_info'])
    expect(a.droppedCategories.map((d) => d.code)).toEqual(['NEEDS_2703D_ORDER', 'NEEDS_WARRANT'])
    expect(a.accounts).toEqual({ specified: 2, resolved: 1 })
    expect(a.notification).toMatchObject({ timing: 'after_ndo_expiry', notBefore: '2026-10-01' })
    const human = captureIo(env)
    expect(await run(['requests', 'assess', join(examples, 'request-subpoena.json')], human)).toBe(0)
    expect(human.out()).toContain('Outcome: narrow\n')
    expect(human.out()).toContain('Dropped: message_content: NEEDS_WARRANT')
  })

  it('refuses a bad request file with one line naming the field', async () => {
    const bad = join(dataDir, 'bad.json')
    await writeFile(bad, JSON.stringify({ request: { process: 'telepathy' }, context: {} }))
    const io = captureIo(env)
    expect(await run(['requests', 'assess', bad], io)).toBe(2)
    expect(io.err()).toMatch(/^vigil: .*bad\.json: request\.process: /)
    expect(io.err().trim().split('\n')).toHaveLength(1)
  })

  it('reports the stored requests of a half-year as Google-shaped CSV and as JSON', async () => {
    const database = await openDatabase({ dataDir })
    try {
      const { db } = database
      const agency = TEST_AGENCY
      const platform = TEST_PLATFORM
      const actor = (n: number, orgId: typeof agency, role: 'requester' | 'reviewer') => requestsActor(n, orgId, role, 'dana.agent@fbi.gov')
      await listAgency(
        db,
        systemActor('test'),
        { agency: 'Federal Bureau of Investigation', country: 'US', domains: ['fbi.gov'], callbackPhone: '+1 202 324 3000' },
        null,
        new Date('2026-03-01T09:00:00Z'),
      )
      const settings = AssessmentSettings.parse({})
      const source = createAccountDataSource(db)
      const request = (await import(join(examples, 'request-subpoena.json'), { with: { type: 'json' } })).default.request
      const now = new Date('2026-03-01T10:00:00Z')
      const id = '11111111-1111-4111-8111-111111111111'
      await submitTestRequest(db, source, actor(1, agency, 'requester'), { id, platformOrgId: platform, request, mfa: true, settings, now })
      // The same request again while the first is open: a duplicate, stored refused, not counted.
      await submitTestRequest(db, source, actor(1, agency, 'requester'), {
        id: '22222222-2222-4222-8222-222222222222',
        platformOrgId: platform,
        request,
        mfa: true,
        settings,
        now,
      })
      const reviewer = actor(2, platform, 'reviewer')
      const deps = createReviewDeps(db, source, settings, { clock: fixedClock(now), signingKey: generateKeyPairSync('ed25519').privateKey })
      for (const action of [
        { type: 'start_review' },
        { type: 'narrow', categories: ['basic_subscriber_info'], note: 'BSI only' },
        { type: 'disclose' },
      ] satisfies ReviewAction[]) {
        await actOnRequest(deps, reviewer, id, action)
      }
    } finally {
      await database.close()
    }
    const csv = captureIo(env)
    expect(await run(['report', 'transparency', '--period', '2026-H1'], csv)).toBe(0)
    expect(csv.out()).toBe(
      'Period Ending,Country,CLDR Territory Code,Legal Process,User Data Requests,Percentage of requests where some data produced,Users/Accounts Specified\n2026-06-30,United States,US,Subpoenas,1,100,2\n',
    )
    const json = captureIo(env)
    expect(await run(['report', 'transparency', '--period', '2026-H1', '--format', 'json', '--public'], json)).toBe(0)
    const report = TransparencyReport.parse(JSON.parse(json.out()))
    expect(report.rows[0]).toMatchObject({
      requests: '<10',
      nonContentDisclosed: '<10',
      contentDisclosed: 0,
      withNondisclosureOrder: '<10',
    })
    expect(report.duplicatesExcluded).toBe(1)
    const empty = captureIo(env)
    expect(await run(['report', 'transparency', '--period', '2026-H2'], empty)).toBe(0)
    expect(empty.out().trim().split('\n')).toHaveLength(1)
    const bad = captureIo(env)
    expect(await run(['report', 'transparency', '--period', '2026-Q1'], bad)).toBe(2)
  })

  it('runs the periodic jobs: the notice held under the NDO goes to the outbox once the order has expired', async () => {
    const io = captureIo(env)
    expect(await run(['requests', 'run-jobs', '--json'], io)).toBe(0)
    // The order expired on 2026-09-30; today (the wall clock) is later, so the notice goes out.
    const result = JSON.parse(io.out())
    const expired = new Date() >= new Date('2026-10-01T00:00:00Z')
    expect(result).toMatchObject({ noticesReleased: expired ? 1 : 0, sent: expired ? 1 : 0, failed: 0 })
    if (expired) {
      const outbox = await readFile(join(dataDir, 'outbox', 'notices.ndjson'), 'utf8')
      expect(JSON.parse(outbox.trim())).toMatchObject({
        to: [{ address: 'target@example.org' }],
        subject: 'A government request for your account data',
      })
    }
  })

  it('lists agencies and flags compromised senders, whose requests are then refused', async () => {
    const add = captureIo(env)
    expect(
      await run(
        [
          'requests',
          'agency-add',
          '--name',
          'Metropolitan Police Service',
          '--country',
          'gb',
          '--domain',
          'met.police.uk',
          '--phone',
          '+44 20 7230 1212',
        ],
        add,
      ),
    ).toBe(0)
    expect(add.out()).toBe('Listed Metropolitan Police Service (GB): met.police.uk, call-back +44 20 7230 1212.\n')
    const fbi = captureIo(env)
    const fbiArgs = ['--name', 'Federal Bureau of Investigation', '--country', 'US', '--domain', 'fbi.gov', '--phone', '+1 202 324 3000']
    expect(await run(['requests', 'agency-add', ...fbiArgs, '--security-contact', 'Security@FBI.gov'], fbi)).toBe(0)
    expect(fbi.out()).toContain('security contact security@fbi.gov.')
    const flag = captureIo(env)
    expect(await run(['requests', 'flag-sender', 'dana.agent@fbi.gov'], flag)).toBe(0)
    const io = captureIo(env)
    expect(await run(['requests', 'assess', join(examples, 'request-subpoena.json'), '--json'], io)).toBe(0)
    // §3.1 G1: the agency is warned through the directory's contact, never the sending address.
    expect(Assessment.parse(JSON.parse(io.out()))).toMatchObject({
      outcome: 'reject',
      rejectCode: 'UNVERIFIED_REQUESTER',
      securityEvent: true,
      agencyWarning: { agency: 'Federal Bureau of Investigation', email: 'security@fbi.gov', phone: '+1 202 324 3000' },
    })
    const human = captureIo(env)
    expect(await run(['requests', 'assess', join(examples, 'request-subpoena.json')], human)).toBe(0)
    expect(human.out()).toContain('Warn the agency: Federal Bureau of Investigation (US) at security@fbi.gov, +1 202 324 3000: ')
    const bad = captureIo(env)
    expect(await run(['requests', 'flag-sender', 'not an address'], bad)).toBe(2)
  })
})
