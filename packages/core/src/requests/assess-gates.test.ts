import { describe, expect, it } from 'vitest'
import { assessRequest } from './assess-request.js'
import { DEFAULT_SETTINGS, fixtureContext, fixtureRequest, TODAY } from './test-support/assessment-fixtures.js'

const assess = (req = fixtureRequest(), ctx = fixtureContext(), settings = DEFAULT_SETTINGS) => assessRequest(req, ctx, settings, TODAY)

describe('§3.1 G1 requester', () => {
  it('accepts a verified agency whose sender signed in with 2FA', () => {
    const a = assess()
    expect(a.outcome).toBe('accept')
    expect(a.reasons[0]).toMatchObject({ code: 'VERIFIED_REQUESTER', rule: '§3.1 G1' })
    expect(a.securityEvent).toBe(false)
    expect(a.replyToSender).toBe(true)
  })

  const refused: [string, Parameters<typeof assess>][] = [
    [
      'a non-government organisation',
      [fixtureRequest(), fixtureContext({ requester: { email: 'dana.agent@fbi.gov', mfa: true, government: false } })],
    ],
    [
      'a sender without 2FA',
      [fixtureRequest(), fixtureContext({ requester: { email: 'dana.agent@fbi.gov', mfa: false, government: true } })],
    ],
    [
      'a domain outside the directory (fake emergency from gmail)',
      [
        fixtureRequest({ process: 'emergency', official: { name: 'X', email: 'police.chief@gmail.com', phone: '1' } }),
        fixtureContext({ requester: { email: 'police.chief@gmail.com', mfa: true, government: true } }),
      ],
    ],
    [
      'a look-alike domain',
      [fixtureRequest(), fixtureContext({ requester: { email: 'a@fbi.gov.example.com', mfa: true, government: true } })],
    ],
    [
      'a verified domain naming another agency',
      [fixtureRequest({ agency: { name: 'Bundeskriminalamt', country: 'DE' } }), fixtureContext()],
    ],
    [
      "an official's address off the agency's domains",
      [fixtureRequest({ official: { name: 'D', email: 'd@evil.example', phone: '1' } }), fixtureContext()],
    ],
    ['a compromised address', [fixtureRequest(), fixtureContext({ compromised: { addresses: ['dana.agent@fbi.gov'], domains: [] } })]],
    [
      'a user of another organisation on the listed domain',
      [
        fixtureRequest(),
        fixtureContext({
          requester: { email: 'dana.agent@fbi.gov', mfa: true, government: true, orgId: 'org-b' },
          directory: [
            {
              agency: 'Federal Bureau of Investigation',
              country: 'US',
              domains: ['fbi.gov'],
              callbackPhone: '+1 202 324 3000',
              orgId: 'org-a',
            },
          ],
        }),
      ],
    ],
    ['a compromised domain', [fixtureRequest(), fixtureContext({ compromised: { addresses: [], domains: ['fbi.gov'] } })]],
  ]
  for (const [name, args] of refused) {
    it(`refuses ${name} as a security event, never answering the sender`, () => {
      const a = assess(...args)
      expect(a.outcome).toBe('reject')
      expect(a.rejectCode).toBe('UNVERIFIED_REQUESTER')
      expect(a.securityEvent).toBe(true)
      expect(a.replyToSender).toBe(false)
      expect(a.allowedCategories).toEqual([])
      expect(a.reasons.at(-1)?.rule).toBe('§3.1 G1')
    })
  }

  it('runs before completeness: an unverified, incomplete request is refused as unverified', () => {
    const a = assess(
      fixtureRequest({ caseNumber: undefined }),
      fixtureContext({ requester: { email: 'x@gmail.com', mfa: true, government: true } }),
    )
    expect(a.rejectCode).toBe('UNVERIFIED_REQUESTER')
  })
})

describe('§3.1 G2 completeness', () => {
  it('names every missing field', () => {
    const a = assess(
      fixtureRequest({
        agency: { country: 'US' },
        official: { email: 'dana.agent@fbi.gov' },
        caseNumber: undefined,
        legalDocument: undefined,
        targets: [],
        categories: [],
        dateRange: undefined,
      }),
    )
    expect(a.rejectCode).toBe('INCOMPLETE_REQUEST')
    expect(a.missingFields).toEqual([
      'agency.name',
      'official.name',
      'official.phone',
      'caseNumber',
      'legalDocument',
      'targets',
      'categories',
      'dateRange',
    ])
  })

  it('refuses an unsigned document, a reversed date range, and process-specific gaps', () => {
    expect(assess(fixtureRequest({ legalDocument: { sha256: 'b'.repeat(64), signed: false } })).missingFields).toEqual([
      'legalDocument.signature',
    ])
    expect(assess(fixtureRequest({ dateRange: { from: '2026-02-01', to: '2026-01-01' } })).missingFields).toEqual([
      'dateRange (from is after to)',
    ])
    expect(assess(fixtureRequest({ process: 'subpoena' })).missingFields).toEqual(['subpoenaKind'])
    expect(assess(fixtureRequest({ process: 'preservation_extension' })).missingFields).toEqual(['extendsRequestId'])
  })
})

describe('§3.1 G3 duplicates', () => {
  const open = {
    id: 'req-1',
    agency: 'federal bureau of investigation',
    caseNumber: 'fbi-2026-0042',
    process: 'search_warrant' as const,
    targets: [{ type: 'username' as const, value: '@Target_Account' }],
    categories: ['basic_subscriber_info' as const],
  }

  it('links a duplicate of an open request to it, whatever the case or order', () => {
    const a = assess(fixtureRequest(), fixtureContext({ openRequests: [open] }))
    expect(a.rejectCode).toBe('DUPLICATE_REQUEST')
    expect(a.duplicateOf).toBe('req-1')
  })

  it('is not a duplicate when the categories or the process differ', () => {
    expect(assess(fixtureRequest({ categories: ['ip_logs'] }), fixtureContext({ openRequests: [open] })).outcome).toBe('accept')
    const other = { ...open, process: 'court_order_2703d' as const }
    expect(assess(fixtureRequest(), fixtureContext({ openRequests: [other] })).outcome).toBe('accept')
  })
})

describe('§3.1 G4 particularity', () => {
  it('refuses "all users who posted #X"', () => {
    const a = assess(fixtureRequest({ targets: [{ type: 'hashtag', value: '#StopTheCount' }] }))
    expect(a.rejectCode).toBe('NOT_PARTICULAR')
    // A court-issued reverse search goes to counsel.
    expect(a.pendingConditions.map((c) => c.code)).toEqual(['COUNSEL_REVIEW'])
  })

  it('refuses keywords, geofences, descriptions, wildcards and phrases', () => {
    for (const target of [
      { type: 'keyword' as const, value: 'election' },
      { type: 'geofence' as const, value: '38.9,-77.0,500m' },
      { type: 'description' as const, value: 'all users who posted #X' },
      { type: 'username' as const, value: 'bot_*' },
      { type: 'username' as const, value: 'all users' },
      { type: 'username' as const, value: '#X' },
    ]) {
      const a = assess(fixtureRequest({ process: 'subpoena', subpoenaKind: 'criminal', targets: [target] }))
      expect(a.rejectCode, target.value).toBe('NOT_PARTICULAR')
      expect(a.pendingConditions).toEqual([])
    }
  })

  it('refuses more targets than the instance allows', () => {
    const targets = Array.from({ length: 3 }, (_, i) => ({ type: 'account_id' as const, value: `${i}` }))
    expect(assess(fixtureRequest({ targets }), fixtureContext(), { ...DEFAULT_SETTINGS, maxTargetsPerRequest: 2 }).rejectCode).toBe(
      'NOT_PARTICULAR',
    )
  })

  it('accepts phone numbers with spaces', () => {
    const targets = [{ type: 'phone' as const, value: '+1 202 555 0199' }]
    expect(assess(fixtureRequest({ targets }), fixtureContext({ resolvedTargets: targets })).outcome).toBe('accept')
  })
})

describe('§3.1 G9 account resolution', () => {
  it('gives no_records for an account that does not exist, still counting it as specified', () => {
    const a = assess(fixtureRequest({ targets: [{ type: 'username', value: 'nobody_here' }] }))
    expect(a.outcome).toBe('no_records')
    expect(a.accounts).toEqual({ specified: 1, resolved: 0 })
    expect(a.notification.timing).toBe('none')
  })

  it('counts resolved and unresolved targets, matching usernames without @ and case', () => {
    const a = assess(
      fixtureRequest({
        targets: [
          { type: 'username', value: '@TARGET_account' },
          { type: 'email', value: 'ghost@example.org' },
        ],
      }),
    )
    expect(a.outcome).toBe('accept')
    expect(a.accounts).toEqual({ specified: 2, resolved: 1 })
  })

  it('reports the accounts of a rejected request too', () => {
    const a = assess(fixtureRequest({ process: 'subpoena', subpoenaKind: 'criminal', categories: ['message_content'] }))
    expect(a.accounts).toEqual({ specified: 1, resolved: 1 })
  })
})
