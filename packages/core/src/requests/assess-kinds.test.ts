import { readFile } from 'node:fs/promises'
import { AssessmentContext, type DataRequestInput, LegalProcess } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { normaliseIdentifier, targetKey } from './account-identifiers.js'
import { assessRequest } from './assess-request.js'
import { EMERGENCY_FACT_FIELDS, REQUIRED_FIELDS, requiredFieldsTable } from './request-requirements.js'
import { DEFAULT_SETTINGS, fixtureContext, fixtureRequest, TODAY } from './test-support/assessment-fixtures.js'

const assess = (req: DataRequestInput, ctx = fixtureContext()) => assessRequest(req, ctx, DEFAULT_SETTINGS, TODAY)

/** A request with nothing but the process, the agency's country and one account identifier. */
const bare = (process: LegalProcess, extra: Partial<DataRequestInput> = {}): DataRequestInput => ({
  process,
  agency: { country: 'US' },
  official: {},
  targets: [{ type: 'username', value: 'target_account' }],
  categories: [],
  ...extra,
})

describe('§3.1 G2 completeness depends on the kind of request', () => {
  it('§3.1 G2: a bare request of each kind is asked exactly for the fields of its row of the table', () => {
    for (const process of LegalProcess.options) {
      const a = assess(bare(process, { targets: [] }))
      expect(a.rejectCode, process).toBe('INCOMPLETE_REQUEST')
      expect(a.missingFields, process).toEqual(REQUIRED_FIELDS[process])
      expect(a.missingFields, process).not.toContain(process === 'emergency' ? 'dateRange' : 'emergency.personAtRisk')
    }
  })

  it('§3.3 P1: a preservation needs only a verified requester and an account identifier', () => {
    const a = assess(bare('preservation'))
    expect(a.outcome).toBe('preserve')
    expect(a.preserveUntil).toBe('2026-05-30')
    expect(a.allowedCategories).toEqual([
      'basic_subscriber_info',
      'ip_logs',
      'communication_metadata',
      'location_data',
      'message_content',
      'stored_content',
    ])
  })

  it('§3.3 P1, P3: an extension needs only the identifier and the hold it extends', () => {
    const hold = { requestId: 'hold-1', preserveUntil: '2026-03-20', extensions: 0 }
    const a = assess(bare('preservation_extension', { extendsRequestId: 'hold-1' }), fixtureContext({ priorHold: hold }))
    expect(a.outcome).toBe('preserve')
    expect(a.preserveUntil).toBe('2026-06-18')
    expect(assess(bare('preservation_extension')).missingFields).toEqual(['extendsRequestId'])
  })

  it('§3.3 P1: a preservation from an unverified sender is still refused at G1', () => {
    const a = assess(bare('preservation'), fixtureContext({ requester: { email: 'x@gmail.com', mfa: true, government: true } }))
    expect(a.rejectCode).toBe('UNVERIFIED_REQUESTER')
  })

  it('§3.2 E1–E7: an emergency is asked for no case number and no date range', () => {
    const req = fixtureRequest({
      process: 'emergency',
      emergency: {
        threat: 'death',
        withoutDelay: true,
        personAtRisk: 'a hostage',
        nature: 'kidnapping',
        howDisclosurePreventsHarm: 'locates the kidnapper',
        specificItems: [],
      },
    })
    const { caseNumber: _case, dateRange: _range, ...withoutBoth } = req
    const a = assess(withoutBoth)
    expect(a.outcome).toBe('accept')
    expect(a.dateRange).toBeUndefined()
  })

  it('§3.1 G2: REQUESTS.md shows the table of required fields as core states it', async () => {
    const doc = await readFile(new URL('../../../../docs/REQUESTS.md', import.meta.url), 'utf8')
    const cells = (table: string) =>
      table
        .split('\n')
        .filter((l) => l.startsWith('|') && !/^\|[\s|:-]+\|$/.test(l))
        .map((l) =>
          l
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim()),
        )
    const expected = cells(requiredFieldsTable())
    const header = expected[0]?.join('|')
    const rows = cells(doc)
    const start = rows.findIndex((r) => r.join('|') === header)
    expect(start).toBeGreaterThanOrEqual(0)
    const documented = rows.slice(start, start + expected.length)
    expect(documented).toEqual(expected)
  })
})

describe('§3.2 the emergency checks, in order', () => {
  it('§3.2 E2 before E3: a fraud "emergency" is told it is not one, and never asked to name a person at risk', () => {
    for (const threat of ['fraud', 'property_crime'] as const) {
      const a = assess(bare('emergency', { emergency: { threat, withoutDelay: true, specificItems: [] } }))
      expect(a.rejectCode, threat).toBe('NOT_AN_EMERGENCY')
      expect(a.missingFields).toEqual([])
      const message = a.reasons.at(-1)?.message ?? ''
      expect(message).toContain('not an emergency')
      expect(message).toContain('send a preservation request and serve legal process')
      expect(message).not.toMatch(/person/i)
    }
  })

  it('§3.2 E2: an emergency that does not say what danger it alleges is asked that, not for E3 facts', () => {
    const a = assess(fixtureRequest({ process: 'emergency', emergency: { specificItems: [] } }))
    expect(a.missingFields).toEqual(['emergency.threat', 'emergency.withoutDelay'])
    for (const fact of EMERGENCY_FACT_FIELDS) expect(a.missingFields).not.toContain(fact)
  })

  it('§3.2 E4, §3.1 G1: a forged emergency whose call-back failed is refused as unverified, not asked to complete itself', () => {
    const forged = bare('emergency', { agency: { name: 'Federal Bureau of Investigation', country: 'US' } })
    const a = assess(forged, fixtureContext({ callback: 'failed' }))
    expect(a.rejectCode).toBe('OUT_OF_BAND_VERIFICATION_FAILED')
    expect(a.missingFields).toEqual([])
    expect(a.securityEvent).toBe(true)
    expect(a.replyToSender).toBe(false)
    expect(a.agencyWarning).toMatchObject({ agency: 'Federal Bureau of Investigation', phone: '+1 202 324 3000', rule: '§3.1 G1' })
  })
})

describe('§3.1 G1 the impersonated agency is warned', () => {
  const directory = AssessmentContext.shape.directory.parse([
    {
      agency: 'Federal Bureau of Investigation',
      country: 'US',
      domains: ['fbi.gov'],
      callbackPhone: '+1 202 324 3000',
      securityContact: 'security@fbi.gov',
    },
  ])

  it('§3.1 G1: a domain outside the directory warns the named agency through its listed contact, never the sender', () => {
    const a = assess(
      fixtureRequest(),
      fixtureContext({ directory, requester: { email: 'dana.agent@fbi-gov.example', mfa: true, government: true } }),
    )
    expect(a.rejectCode).toBe('UNVERIFIED_REQUESTER')
    expect(a.agencyWarning).toEqual({
      agency: 'Federal Bureau of Investigation',
      country: 'US',
      email: 'security@fbi.gov',
      phone: '+1 202 324 3000',
      rule: '§3.1 G1',
      message: expect.stringContaining('fbi-gov.example is not in the verified-agency directory'),
    })
  })

  it('§3.1 G1: a compromised address warns the agency, and a contact that is the suspect address is left out', () => {
    const compromised = { addresses: ['dana.agent@fbi.gov'], domains: [] }
    expect(assess(fixtureRequest(), fixtureContext({ directory, compromised })).agencyWarning?.email).toBe('security@fbi.gov')
    const hijacked = AssessmentContext.shape.directory.parse([{ ...directory[0], securityContact: 'dana.agent@fbi.gov' }])
    const a = assess(fixtureRequest(), fixtureContext({ directory: hijacked, compromised }))
    expect(a.agencyWarning).toMatchObject({ phone: '+1 202 324 3000' })
    expect(a.agencyWarning?.email).toBeUndefined()
  })

  it('§3.1 G1: no warning when no agency of the directory is implicated, nor for a sender without a second factor', () => {
    const unknown = fixtureRequest({
      agency: { name: 'Nowhere Police', country: 'US' },
      official: { name: 'A', email: 'a@nowhere.example', phone: '+1 555 0100' },
    })
    expect(
      assess(unknown, fixtureContext({ requester: { email: 'a@nowhere.example', mfa: true, government: true } })).agencyWarning,
    ).toBeUndefined()
    expect(
      assess(fixtureRequest(), fixtureContext({ requester: { email: 'dana.agent@fbi.gov', mfa: false, government: true } })).agencyWarning,
    ).toBeUndefined()
  })
})

describe('§3.1 G3, G9 account identifiers normalised once', () => {
  it('§3.1 G9: usernames lose case and leading @, e-mail addresses their usual wrappings, phones become E.164', () => {
    expect(normaliseIdentifier('username', ' @Alice ')).toBe('alice')
    expect(normaliseIdentifier('email', 'Dana Agent <Dana.Agent@FBI.gov>')).toBe('dana.agent@fbi.gov')
    expect(normaliseIdentifier('email', 'mailto:dana@fbi.gov')).toBe('dana@fbi.gov')
    for (const phone of ['+1 202 324 3000', '(202) 324-3000', '202.324.3000', '1-202-324-3000', 'tel:+1-202-324-3000']) {
      expect(normaliseIdentifier('phone', phone), phone).toBe('+12023243000')
    }
    expect(normaliseIdentifier('phone', '+44 (0)20 7946 0000')).toBe('+442079460000')
    expect(normaliseIdentifier('account_id', ' AbC ')).toBe('AbC')
  })

  it('§3.1 G9: a target resolves whichever side spells the @, case or phone format', () => {
    const ctx = fixtureContext({
      resolvedTargets: [
        { type: 'username', value: '@Target_Account' },
        { type: 'phone', value: '+12023243000' },
      ],
    })
    const a = assess(
      fixtureRequest({
        targets: [
          { type: 'username', value: 'target_account' },
          { type: 'phone', value: '(202) 324-3000' },
        ],
      }),
      ctx,
    )
    expect(a.accounts).toEqual({ specified: 2, resolved: 2 })
    expect(targetKey({ type: 'username', value: '@X' })).toBe(targetKey({ type: 'username', value: 'x' }))
  })
})

describe('§5 and §3.1 G9 what is counted and said', () => {
  it('§5: a hashtag or a search term names no account and is not counted as an account specified', () => {
    const a = assess(
      fixtureRequest({
        targets: [
          { type: 'username', value: 'target_account' },
          { type: 'hashtag', value: '#protest' },
          { type: 'keyword', value: 'rally' },
        ],
      }),
    )
    expect(a.rejectCode).toBe('NOT_PARTICULAR')
    expect(a.accounts.specified).toBe(1)
  })

  it('§3.1 G9: no_records lists no allowed categories: there is nothing to disclose', () => {
    const a = assess(fixtureRequest(), fixtureContext({ resolvedTargets: [] }))
    expect(a.outcome).toBe('no_records')
    expect(a.allowedCategories).toEqual([])
    expect(a.notification.timing).toBe('none')
  })
})
