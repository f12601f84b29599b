import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Assessment } from '@vigil/contracts'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const kinds = fileURLToPath(new URL('./request-kinds/', import.meta.url))
const examples = fileURLToPath(new URL('../../../../docs/examples/', import.meta.url))

// One request file per kind of request, assessed as a user would: `vigil requests assess FILE --json`
// against the documented accounts (where the target is imported as `target_account`).
const KINDS: readonly { rule: string; file: string; expected: Partial<Assessment> }[] = [
  {
    rule: '§3 matrix, §3.1 G2: a subpoena reaches basic subscriber information, not content',
    file: 'subpoena.json',
    expected: {
      outcome: 'narrow',
      allowedCategories: ['basic_subscriber_info'],
      droppedCategories: [expect.objectContaining({ category: 'message_content', code: 'NEEDS_WARRANT' })],
    },
  },
  {
    rule: '§3 matrix: a 2703(d) order reaches non-content records, not location',
    file: 'court-order-2703d.json',
    expected: {
      outcome: 'narrow',
      allowedCategories: ['basic_subscriber_info', 'ip_logs'],
      droppedCategories: [expect.objectContaining({ category: 'location_data', code: 'NEEDS_WARRANT' })],
    },
  },
  {
    rule: '§3 matrix: a search warrant reaches content and location',
    file: 'search-warrant.json',
    expected: { outcome: 'accept', allowedCategories: ['message_content', 'location_data'], droppedCategories: [] },
  },
  {
    rule: '§3.2 E1–E7: an emergency needs no case number or date range, and waits for the call-back',
    file: 'emergency.json',
    expected: {
      outcome: 'accept',
      missingFields: [],
      pendingConditions: [expect.objectContaining({ code: 'OUT_OF_BAND_CALLBACK', phone: '+1 202 324 3000' })],
      notification: { timing: 'after_emergency', rule: '§3.4 N3' },
    },
  },
  {
    rule: '§3.2 E2: a fraud "emergency" is told it is not one, and asked for nothing',
    file: 'emergency-fraud.json',
    expected: { outcome: 'reject', rejectCode: 'NOT_AN_EMERGENCY', missingFields: [] },
  },
  {
    rule: '§3.2 E4, §3.1 G1: a forged emergency whose call-back failed is refused as unverified and its agency warned',
    file: 'emergency-forged.json',
    expected: {
      outcome: 'reject',
      rejectCode: 'OUT_OF_BAND_VERIFICATION_FAILED',
      missingFields: [],
      securityEvent: true,
      replyToSender: false,
      agencyWarning: expect.objectContaining({ email: 'security@fbi.gov', phone: '+1 202 324 3000', rule: '§3.1 G1' }),
    },
  },
  {
    rule: '§3.3 P1, P2: a preservation needs only a verified requester and an account identifier',
    file: 'preservation.json',
    expected: { outcome: 'preserve', preserveUntil: '2026-05-30', missingFields: [], notification: { timing: 'none', rule: '§3.4 N4' } },
  },
  {
    rule: '§3.3 P3: an extension renews the live hold by 90 days',
    file: 'preservation-extension.json',
    expected: { outcome: 'preserve', preserveUntil: '2026-06-18', missingFields: [] },
  },
  {
    rule: '§3.3 P4: a second extension is refused',
    file: 'preservation-extension-second.json',
    expected: { outcome: 'reject', rejectCode: 'PRESERVATION_EXTENSION_LIMIT' },
  },
  {
    rule: '§4: a foreign request gets non-content after a human-rights review; content needs an MLAT',
    file: 'foreign-request.json',
    expected: {
      outcome: 'narrow',
      allowedCategories: ['basic_subscriber_info'],
      droppedCategories: [expect.objectContaining({ category: 'message_content', code: 'MLAT_REQUIRED' })],
      pendingConditions: [expect.objectContaining({ code: 'HUMAN_RIGHTS_REVIEW' })],
    },
  },
  {
    rule: '§4 (18 U.S.C. 2523): a CLOUD Act agreement order meeting its conditions reaches content',
    file: 'cloud-act-order.json',
    expected: { outcome: 'accept', allowedCategories: ['basic_subscriber_info', 'message_content'] },
  },
]

describe('vigil requests assess: one request file per kind', () => {
  let dataDir = ''
  const env = () => ({ VIGIL_DATA_DIR: dataDir })
  beforeAll(async () => {
    dataDir = await createMigratedDataDir('vigil-request-kinds-')
    expect(await run(['requests', 'import-accounts', join(examples, 'accounts.ndjson')], captureIo(env()))).toBe(0)
  }, 180_000)
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it.each(KINDS)('$rule ($file)', { timeout: 120_000 }, async ({ file, expected }) => {
    const io = captureIo(env())
    expect(await run(['requests', 'assess', join(kinds, file), '--json'], io), io.err()).toBe(0)
    const a = Assessment.parse(JSON.parse(io.out()))
    expect(a).toMatchObject(expected)
    expect(a.accounts.resolved).toBe(1)
  })

  it('§3.1 G9: no_records says there is nothing to disclose, with no "Allowed" list', { timeout: 120_000 }, async () => {
    const file = join(dataDir, 'unknown-account.json')
    const subpoena = (await import(join(kinds, 'subpoena.json'), { with: { type: 'json' } })).default
    subpoena.request.targets = [{ type: 'email', value: 'nobody@example.org' }]
    await writeFile(file, JSON.stringify(subpoena))
    const io = captureIo(env())
    expect(await run(['requests', 'assess', file], io)).toBe(0)
    expect(io.out()).toContain('Outcome: no_records\nNothing to disclose: no account matches the identifiers given.\n')
    expect(io.out()).not.toContain('Allowed:')
  })

  it('§3.1 G2: the file refuses an unknown field, naming it, rather than reporting it missing', { timeout: 120_000 }, async () => {
    const file = join(dataDir, 'typo.json')
    const subpoena = (await import(join(kinds, 'subpoena.json'), { with: { type: 'json' } })).default
    const { dateRange, ...rest } = subpoena.request
    await writeFile(file, JSON.stringify({ ...subpoena, request: { ...rest, dateRnage: dateRange } }))
    const io = captureIo(env())
    expect(await run(['requests', 'assess', file], io)).toBe(2)
    expect(io.err()).toMatch(/typo\.json: unknown field request\.dateRnage\n$/)
    expect(io.out()).toBe('')
  })
})
