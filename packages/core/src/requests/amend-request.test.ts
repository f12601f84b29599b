import { type Org, OrgId, type User, UserId } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../auth/actor.js'
import { isVigilError } from '../shared/errors.js'
import { correctRequest, intakeDefaults, withdrawRequest } from './amend-request.js'
import { actOnRequest } from './review-request.js'
import { intakeRequest } from './submit-request.js'
import { fixtureRequest } from './test-support/assessment-fixtures.js'
import { memoryRequestsDeps } from './test-support/memory-requests-store.js'

const AGENCY = OrgId.parse('00000000-0000-4000-8000-00000000000a')
const OTHER_AGENCY = OrgId.parse('00000000-0000-4000-8000-00000000000b')
const PLATFORM = OrgId.parse('00000000-0000-4000-8000-0000000000f1')
const NOW = new Date('2026-03-01T12:00:00Z')
const actor = (n: number, orgId: OrgId, role: 'requester' | 'reviewer', email = `u${n}@example.org`): Actor & { kind: 'user' } => ({
  kind: 'user',
  userId: UserId.parse(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
  email,
  orgId,
  orgKind: role === 'requester' ? 'government' : 'platform',
  roles: [role],
  via: 'session',
})
const requester = actor(1, AGENCY, 'requester', 'dana.agent@fbi.gov')
const colleague = actor(4, AGENCY, 'requester', 'kim@fbi.gov')
const stranger = actor(3, OTHER_AGENCY, 'requester', 'someone@met.police.uk')
const reviewer = actor(2, PLATFORM, 'reviewer')
const org = (id: OrgId, name: string): Org => ({
  id,
  name,
  kind: 'government',
  stixId: `identity--${id}`,
  domains: [],
  status: 'active',
  createdAt: NOW.toISOString(),
})
const user = (a: Actor & { kind: 'user' }): User => ({
  id: a.userId,
  orgId: a.orgId,
  email: a.email,
  roles: [...a.roles],
  status: 'active',
  totpEnabled: true,
  lockedUntil: null,
  createdAt: NOW.toISOString(),
})
const PDF = new TextEncoder().encode('%PDF-1.7\n% corrected order\n%%EOF\n')

async function submitted() {
  const deps = memoryRequestsDeps({
    now: NOW,
    orgs: [org(AGENCY, 'Federal Bureau of Investigation'), org(OTHER_AGENCY, 'Metropolitan Police Service')],
    users: [user(requester), user(colleague)],
  })
  const id = '10000000-0000-4000-8000-000000000001'
  await intakeRequest(deps.requests, requester, { id, platformOrgId: PLATFORM, request: fixtureRequest(), mfa: true, now: NOW })
  return { ...deps, id }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (isVigilError(e)) return e.code
    throw e
  }
  throw new Error('expected a VigilError')
}

describe('withdrawing a request before review', () => {
  it('lets its agency withdraw it, audited, and cancels its notices', async () => {
    const { reviews, memory, id } = await submitted()
    const withdrawn = await withdrawRequest(reviews, colleague, id)
    expect(withdrawn.state).toBe('withdrawn')
    expect(memory.audit.at(-1)).toMatchObject({
      actor: colleague,
      action: 'requests.transition',
      target: { type: 'data_request', id },
      details: { action: 'withdraw', from: 'submitted', to: 'withdrawn' },
    })
    expect(memory.effects.at(-1)).toEqual({ notices: { cancel: true } })
  })

  it('refuses once a reviewer has picked it up, with REQUESTS_REVIEW_STARTED, and changes nothing', async () => {
    const { reviews, memory, id } = await submitted()
    await actOnRequest(reviews, reviewer, id, { type: 'start_review' })
    const audited = memory.audit.length
    expect(await codeOf(withdrawRequest(reviews, requester, id))).toBe('REQUESTS_REVIEW_STARTED')
    expect(memory.requests.get(id)?.state).toBe('in_review')
    expect(memory.audit).toHaveLength(audited)
  })

  it('hides the request from another agency and refuses its reviewer', async () => {
    const { reviews, id } = await submitted()
    expect(await codeOf(withdrawRequest(reviews, stranger, id))).toBe('NOT_FOUND')
    expect(await codeOf(withdrawRequest(reviews, reviewer, id))).toBe('AUTH_FORBIDDEN')
    expect(await codeOf(withdrawRequest(reviews, requester, '10000000-0000-4000-8000-00000000ffff'))).toBe('NOT_FOUND')
  })
})

describe('correcting a request before review', () => {
  it('replaces it, assesses it again (never as its own duplicate) and audits the changed fields', async () => {
    const { requests, memory, id } = await submitted()
    const { legalDocument: _kept, ...body } = fixtureRequest()
    const corrected = await correctRequest(requests, requester, id, { request: { ...body, caseNumber: 'FBI-2026-0043' } })
    expect(corrected.state).toBe('submitted')
    expect(corrected.request.caseNumber).toBe('FBI-2026-0043')
    expect(corrected.request.legalDocument).toEqual(fixtureRequest().legalDocument)
    expect(corrected.duplicateOf).toBeNull()
    expect(corrected.assessment.rejectCode).toBeUndefined()
    expect(memory.audit.at(-1)).toMatchObject({
      actor: requester,
      action: 'requests.correct',
      target: { type: 'data_request', id },
      details: { changed: ['caseNumber'] },
    })
  })

  it('takes a new signed document, hashed, and refuses one that is not a PDF', async () => {
    const { requests, memory, id } = await submitted()
    const { legalDocument: _old, ...body } = fixtureRequest()
    const corrected = await correctRequest(requests, requester, id, {
      request: body,
      document: { filename: 'order-v2.pdf', signed: true, content: PDF },
    })
    expect(corrected.request.legalDocument?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(corrected.request.legalDocument?.sha256).not.toBe(fixtureRequest().legalDocument?.sha256)
    expect(memory.documents.get(id)?.filename).toBe('order-v2.pdf')
    const notPdf = { filename: 'order.docx', signed: true, content: new TextEncoder().encode('PK not a pdf') }
    expect(await codeOf(correctRequest(requests, requester, id, { request: body, document: notPdf }))).toBe('VALIDATION_FAILED')
  })

  it('refuses once review has started, and for anyone but the requesting agency', async () => {
    const { requests, reviews, id } = await submitted()
    const { legalDocument: _kept, ...body } = fixtureRequest()
    expect(await codeOf(correctRequest(requests, stranger, id, { request: body }))).toBe('NOT_FOUND')
    expect(await codeOf(correctRequest(requests, reviewer, id, { request: body }))).toBe('AUTH_FORBIDDEN')
    await actOnRequest(reviews, reviewer, id, { type: 'start_review' })
    expect(await codeOf(correctRequest(requests, requester, id, { request: body }))).toBe('REQUESTS_REVIEW_STARTED')
  })
})

describe('the intake defaults', () => {
  it("fill the agency from the directory entry of the requester's organisation and its own address", async () => {
    const { requests } = await submitted()
    expect(await intakeDefaults(requests, requester)).toEqual({
      agency: { name: 'Federal Bureau of Investigation', country: 'US', callbackPhone: '+1 202 324 3000' },
      officialEmail: 'dana.agent@fbi.gov',
    })
  })

  it('leave the agency empty when the directory does not list it under the mail domain, and are for requesters only', async () => {
    const { requests } = await submitted()
    const outside = actor(5, AGENCY, 'requester', 'dana@gmail.com')
    expect((await intakeDefaults(requests, outside)).agency).toBeNull()
    expect(await codeOf(intakeDefaults(requests, reviewer))).toBe('AUTH_FORBIDDEN')
  })
})
