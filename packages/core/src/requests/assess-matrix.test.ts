import type { DataCategory } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { assessRequest } from './assess-request.js'
import type { MatrixProcess } from './sca-matrix.js'
import { DEFAULT_SETTINGS, fixtureContext, fixtureRequest, TODAY } from './test-support/assessment-fixtures.js'

// REQUESTS-LAW.md §3, typed out cell by cell from the table (not derived from the code):
// ok = allowed, 2703d / warrant = narrowed with that process needed, no = not available, nsl = name + length of service.
type Cell = 'ok' | '2703d' | 'warrant' | 'no' | 'nsl'
const CATEGORIES: readonly DataCategory[] = [
  'basic_subscriber_info',
  'ip_logs',
  'communication_metadata',
  'location_data',
  'message_content',
  'stored_content',
  'realtime_metadata',
  'realtime_content',
]
const TABLE: Record<MatrixProcess, readonly Cell[]> = {
  subpoena: ['ok', '2703d', '2703d', 'warrant', 'warrant', 'warrant', 'no', 'no'],
  court_order_2703d: ['ok', 'ok', 'ok', 'warrant', 'warrant', 'warrant', 'no', 'no'],
  search_warrant: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'no', 'no'],
  pen_register: ['no', 'no', 'no', 'no', 'no', 'no', 'ok', 'no'],
  wiretap: ['no', 'no', 'no', 'no', 'no', 'no', 'ok', 'ok'],
  nsl: ['nsl', 'no', 'no', 'no', 'no', 'no', 'no', 'no'],
}
const DROP_CODE = { '2703d': 'NEEDS_2703D_ORDER', warrant: 'NEEDS_WARRANT', no: 'NOT_AVAILABLE_TO_PROCESS' } as const

describe('the §3 matrix, every cell', () => {
  for (const [process, cells] of Object.entries(TABLE) as [MatrixProcess, readonly Cell[]][]) {
    CATEGORIES.forEach((category, i) => {
      const cell = cells[i] as Cell
      it(`${process} × ${category}: ${cell}`, () => {
        const single = assessRequest(
          fixtureRequest({ process, subpoenaKind: 'criminal', categories: [category] }),
          fixtureContext(),
          DEFAULT_SETTINGS,
          TODAY,
        )
        if (cell === 'ok') {
          expect(single.outcome).toBe('accept')
          expect(single.allowedCategories).toEqual([category])
          expect(single.notification.timing).toBe('before_disclosure')
        } else if (cell === 'nsl') {
          expect(single.outcome).toBe('narrow')
          expect(single.fieldLimits).toEqual({ basic_subscriber_info: ['name', 'length_of_service'] })
          expect(single.notification.timing).toBe('held')
        } else {
          // Alone, a category the process cannot reach rejects the request (§3 "Combining categories").
          expect(single.outcome).toBe('reject')
          expect(single.rejectCode).toBe('INSUFFICIENT_LEGAL_PROCESS')
          expect(single.droppedCategories).toEqual([expect.objectContaining({ category, code: DROP_CODE[cell], rule: '§3 matrix' })])
          expect(single.notification.timing).toBe('none')
        }
      })
    })
  }

  it('a subpoena for BSI and messages narrows to BSI; for messages only it rejects', () => {
    const both = assessRequest(
      fixtureRequest({ process: 'subpoena', subpoenaKind: 'criminal', categories: ['basic_subscriber_info', 'message_content'] }),
      fixtureContext(),
      DEFAULT_SETTINGS,
      TODAY,
    )
    expect(both.outcome).toBe('narrow')
    expect(both.allowedCategories).toEqual(['basic_subscriber_info'])
    expect(both.droppedCategories.map((d) => [d.category, d.code])).toEqual([['message_content', 'NEEDS_WARRANT']])
    const messagesOnly = assessRequest(
      fixtureRequest({ process: 'subpoena', subpoenaKind: 'criminal', categories: ['message_content'] }),
      fixtureContext(),
      DEFAULT_SETTINGS,
      TODAY,
    )
    expect(messagesOnly.outcome).toBe('reject')
    expect(messagesOnly.rejectCode).toBe('INSUFFICIENT_LEGAL_PROCESS')
    expect(messagesOnly.allowedCategories).toEqual([])
  })

  it('a warrant for everything stored is accepted whole, real-time dropped', () => {
    const a = assessRequest(fixtureRequest({ categories: [...CATEGORIES] }), fixtureContext(), DEFAULT_SETTINGS, TODAY)
    expect(a.outcome).toBe('narrow')
    expect(a.allowedCategories).toEqual(CATEGORIES.slice(0, 6))
    expect(a.droppedCategories.map((d) => d.category)).toEqual(['realtime_metadata', 'realtime_content'])
  })

  it('honours subpoenas by kind as the instance decides (§7 Q1)', () => {
    const civil = fixtureRequest({ process: 'subpoena', subpoenaKind: 'civil' })
    expect(assessRequest(civil, fixtureContext(), DEFAULT_SETTINGS, TODAY).rejectCode).toBe('SUBPOENA_NOT_HONOURED')
    const admin = fixtureRequest({ process: 'subpoena', subpoenaKind: 'administrative' })
    expect(assessRequest(admin, fixtureContext(), DEFAULT_SETTINGS, TODAY).outcome).toBe('accept')
    const criminalOnly = { ...DEFAULT_SETTINGS, honouredSubpoenas: ['criminal' as const] }
    const refused = assessRequest(admin, fixtureContext(), criminalOnly, TODAY)
    expect(refused.rejectCode).toBe('SUBPOENA_NOT_HONOURED')
    expect(refused.reasons.at(-1)?.rule).toContain('§7 Q1')
  })

  it('every reason names the rule it rests on', () => {
    const a = assessRequest(
      fixtureRequest({ process: 'subpoena', subpoenaKind: 'criminal', categories: ['basic_subscriber_info', 'ip_logs', 'location_data'] }),
      fixtureContext(),
      DEFAULT_SETTINGS,
      TODAY,
    )
    for (const r of [...a.reasons, ...a.droppedCategories]) expect(r.rule).toMatch(/^§\d/)
  })
})
