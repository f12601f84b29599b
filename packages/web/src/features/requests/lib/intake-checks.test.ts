import { MAX_LEGAL_DOCUMENT_BYTES } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { checkIntake, type IntakeValues, toRequestBody } from './intake-checks.js'

const TODAY = '2026-03-01'
const complete: IntakeValues = {
  process: 'court_order_2703d',
  text: {
    platform: 'p',
    agency: 'Federal Bureau of Investigation',
    country: 'US',
    officialName: 'Dana Agent',
    officialEmail: 'dana@fbi.gov',
    officialPhone: '+1 202 555 0100',
    caseNumber: 'FBI-1',
    targets: 'username:target_account',
    from: '2026-01-01',
    to: '2026-01-31',
  },
  categories: ['basic_subscriber_info'],
  withoutDelay: false,
  signed: true,
  cloudAct: { seriousCrime: false, targetIsUsPersonOrInUs: false, independentAuthorisation: false },
  document: { name: 'order.pdf', size: 1000, type: 'application/pdf' },
}
const check = (v: Partial<IntakeValues>, documentOnFile = false) => checkIntake({ ...complete, ...v }, TODAY, { documentOnFile })
const withText = (text: IntakeValues['text']) => check({ text: { ...complete.text, ...text } })

describe('the intake form checks', () => {
  it('pass a complete court order', () => {
    expect(check({})).toEqual({})
    expect(toRequestBody(complete)).toMatchObject({ process: 'court_order_2703d', dateRange: { from: '2026-01-01', to: '2026-01-31' } })
  })

  it('ask for what each kind of request must carry, as core requires it', () => {
    expect(Object.keys(check({ process: 'subpoena' }))).toEqual(['subpoenaKind'])
    expect(Object.keys(withText({ caseNumber: '' }))).toEqual(['caseNumber'])
    // A preservation needs only the account (§3.3 P1).
    expect(check({ process: 'preservation', text: { platform: 'p', country: 'US', targets: 'username:a' }, categories: [] })).toEqual({})
    expect(Object.keys(check({ process: 'emergency' })).sort()).toEqual(['howPrevents', 'nature', 'personAtRisk', 'threat', 'withoutDelay'])
    expect(check({ document: undefined }).document).toMatch(/Attach/)
    expect(check({ document: undefined }, true).document).toBeUndefined()
  })

  it('check the dates: start before end, nothing in the future but the end of an order that reaches forward', () => {
    expect(withText({ from: '2026-02-01', to: '2026-01-01' }).to).toMatch(/before its start/)
    expect(withText({ from: '2026-04-01', to: '2026-04-02' }).from).toMatch(/future/)
    expect(withText({ to: '2026-06-30' }).to).toMatch(/cannot end in the future/)
    expect(check({ process: 'pen_register', text: { ...complete.text, to: '2026-06-30' } }).to).toBeUndefined()
    expect(withText({ to: '' }).to).toMatch(/end of the period/)
    expect(withText({ ndo: '2026-02-01' }).ndo).toMatch(/expired/)
  })

  it('check the file and the accounts', () => {
    expect(check({ document: { name: 'order.docx', size: 10, type: 'application/msword' } }).document).toMatch(/PDF/)
    expect(check({ document: { name: 'big.pdf', size: MAX_LEGAL_DOCUMENT_BYTES + 1, type: 'application/pdf' } }).document).toMatch(/7 MiB/)
    expect(withText({ targets: 'someone' }).targets).toMatch(/type:value/)
    expect(withText({ officialEmail: 'not an address' }).officialEmail).toMatch(/e-mail/)
  })
})
