import { AssessmentContext, AssessmentSettings, type DataRequestInput } from '@vigil/contracts'

/** The day the fixtures are assessed on. */
export const TODAY = '2026-03-01'

const DOCUMENT = { sha256: 'a'.repeat(64), signed: true }

/**
 * A complete, valid request from a verified US agency, for tests and the documented example.
 * Override what a test varies.
 */
export function fixtureRequest(overrides: Partial<DataRequestInput> = {}): DataRequestInput {
  return {
    process: 'search_warrant',
    agency: { name: 'Federal Bureau of Investigation', country: 'US' },
    official: { name: 'Dana Agent', email: 'dana.agent@fbi.gov', phone: '+1 202 555 0100' },
    caseNumber: 'FBI-2026-0042',
    legalDocument: DOCUMENT,
    targets: [{ type: 'username', value: 'target_account' }],
    categories: ['basic_subscriber_info'],
    dateRange: { from: '2026-01-01', to: '2026-02-15' },
    ...overrides,
  }
}

/** The matching context: a verified, 2FA requester; the target resolves; the call-back verified. */
export function fixtureContext(overrides: Partial<AssessmentContext> = {}): AssessmentContext {
  return AssessmentContext.parse({
    requester: { email: 'dana.agent@fbi.gov', mfa: true, government: true },
    directory: [
      { agency: 'Federal Bureau of Investigation', country: 'US', domains: ['fbi.gov', 'ic.fbi.gov'], callbackPhone: '+1 202 324 3000' },
      { agency: 'Metropolitan Police Service', country: 'GB', domains: ['met.police.uk'], callbackPhone: '+44 20 7230 1212' },
      { agency: 'Bundeskriminalamt', country: 'DE', domains: ['bka.bund.de'], callbackPhone: '+49 611 550' },
    ],
    resolvedTargets: [{ type: 'username', value: 'target_account' }],
    callback: 'verified',
    ...overrides,
  })
}

/** The default settings. */
export const DEFAULT_SETTINGS: AssessmentSettings = AssessmentSettings.parse({})

/** A request from the Metropolitan Police (GB), with its context. */
export function foreignFixture(overrides: Partial<DataRequestInput> = {}): [DataRequestInput, AssessmentContext] {
  return [
    fixtureRequest({
      process: 'foreign_request',
      agency: { name: 'Metropolitan Police Service', country: 'GB' },
      official: { name: 'Sam Constable', email: 'sam.constable@met.police.uk', phone: '+44 20 7230 0000' },
      ...overrides,
    }),
    fixtureContext({ requester: { email: 'sam.constable@met.police.uk', mfa: true, government: true } }),
  ]
}
