import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PsiSession } from '@vigil/contracts'
import { fixedClock, isVigilError } from '@vigil/core'
import type { VigilApp } from '@vigil/server'
import { createPsiDeps } from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testIdentityDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildTestApp } from '../../../server/src/test-support/test-app.js'
import type { Fetch } from '../psi/psi-client.js'
import { captureIo } from '../test-support/capture-io.js'
import { psiRun } from './psi-run.js'

describeEachDatabase('vigil psi run', (database) => {
  const clock = fixedClock(new Date('2026-06-01T08:00:00Z'))
  let app: VigilApp
  let agency: SeededUser
  let platform: SeededUser
  let dir: string
  // The CLI's HTTP calls, answered by the app in this process.
  const fetchBridge: Fetch = async (url, init) => {
    const res = await app.inject({
      method: init.method as 'GET',
      url: new URL(url).pathname,
      headers: init.headers,
      ...(init.body ? { payload: init.body } : {}),
    })
    return { status: res.statusCode, text: async () => res.body }
  }
  const env = { fetch: fetchBridge, sleep: () => new Promise<void>((r) => setTimeout(r, 5)), pollMs: 5 }
  beforeAll(async () => {
    const identity = testIdentityDeps(database(), clock)
    app = await buildTestApp(database(), { identity, psi: createPsiDeps(database().db, { clock }) })
    agency = await seedUser(identity, { roles: ['analyst'], kind: 'government' })
    platform = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
    dir = await mkdtemp(join(tmpdir(), 'vigil-psi-run-'))
    await writeFile(join(dir, 'agency.txt'), 'Alice@Example.org\nbob@example.org\ncarol@example.org\n')
    await writeFile(join(dir, 'platform.txt'), 'alice@example.org\ncarol@EXAMPLE.org\ndave@example.org\nerin@example.org\n')
  })
  afterAll(async () => {
    await app?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const propose = async (responderLearns: 'cardinality' | 'nothing' = 'cardinality') => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/psi/sessions',
      headers: agency.headers,
      payload: {
        responderOrgId: platform.org.id,
        purpose: 'Case 7: addresses behind the campaign',
        kind: 'email',
        maxSetSize: 100,
        responderLearns,
        hours: 2,
      },
    })
    return PsiSession.parse(res.json())
  }
  const options = (who: SeededUser, session: string, file: string) => ({
    session,
    input: join(dir, file),
    server: 'http://vigil.test',
    token: who.token,
    json: true,
  })

  it('runs both halves against the server: the initiator gets the shared addresses, the responder the size', async () => {
    const session = await propose()
    await app.inject({ method: 'POST', url: `/api/v1/psi/sessions/${session.id}/accept`, headers: platform.headers })
    const [agencyIo, platformIo] = [captureIo(), captureIo()]
    const codes = await Promise.all([
      psiRun(agencyIo, options(agency, session.id, 'agency.txt'), env),
      psiRun(platformIo, options(platform, session.id, 'platform.txt'), env),
    ])
    expect(codes).toEqual([0, 0])
    expect(JSON.parse(agencyIo.out())).toMatchObject({ side: 'initiator', shared: ['alice@example.org', 'carol@example.org'] })
    expect(JSON.parse(platformIo.out())).toMatchObject({
      side: 'responder',
      session: { status: 'completed', initiatorSetSize: 3, intersectionSize: 2 },
    })
  })

  it('refuses a session the responder has not accepted, and one that has expired', async () => {
    const session = await propose()
    const early = await psiRun(captureIo(), options(agency, session.id, 'agency.txt'), env).catch((e: unknown) => e)
    expect(isVigilError(early, 'PSI_SESSION_NOT_RUNNABLE') && early.message).toMatch(/not been accepted/)
    await app.inject({ method: 'POST', url: `/api/v1/psi/sessions/${session.id}/accept`, headers: platform.headers })
    clock.advance(3 * 3_600_000)
    const late = await psiRun(captureIo(), options(platform, session.id, 'platform.txt'), env).catch((e: unknown) => e)
    expect(isVigilError(late, 'PSI_SESSION_EXPIRED')).toBe(true)
  })
})
