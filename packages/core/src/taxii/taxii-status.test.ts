import type { OrgId, UserId } from '@vigil/contracts'
import { TaxiiStatus } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { type Actor, systemActor } from '../auth/actor.js'
import { buildTaxiiStatus, canReadTaxiiStatus, statusOwnerOf } from './taxii-status.js'

const user = (orgId: string): Actor => ({
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000001' as UserId,
  email: 'a@example.org',
  orgId: orgId as OrgId,
  orgKind: 'platform',
  roles: ['analyst'],
  via: 'token',
})

describe('TAXII status', () => {
  const at = new Date('2026-11-29T22:00:00.000Z')
  const d = (n: number) => ({ id: `indicator--00000000-0000-4000-8000-00000000000${n}`, version: '2026-11-29T21:00:00.000Z' })

  it('counts each outcome and is complete when nothing is pending', () => {
    const s = buildTaxiiStatus('s1', at, { successes: [d(1), d(2)], failures: [{ ...d(3), message: 'invalid' }], pendings: [] })
    expect(TaxiiStatus.parse(s)).toEqual(s)
    expect([s.status, s.total_count, s.success_count, s.failure_count, s.pending_count]).toEqual(['complete', 3, 2, 1, 0])
    expect(s.request_timestamp).toBe('2026-11-29T22:00:00.000Z')
  })

  it('stays pending while any object is pending', () => {
    const s = buildTaxiiStatus('s2', at, { successes: [], failures: [], pendings: [d(1)] })
    expect([s.status, s.total_count, s.pending_count]).toEqual(['pending', 1, 1])
  })

  it('lets only the posting organisation, or the system, read a status', () => {
    const owner = statusOwnerOf(user('org-a'))
    expect(canReadTaxiiStatus(user('org-a'), owner)).toBe(true)
    expect(canReadTaxiiStatus(user('org-b'), owner)).toBe(false)
    expect(canReadTaxiiStatus(systemActor('taxii-pull'), owner)).toBe(true)
    expect(canReadTaxiiStatus(user('org-a'), statusOwnerOf(systemActor('import')))).toBe(false)
  })
})
