import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PsiSession } from '@vigil/contracts'
import { fixedClock, isVigilError } from '@vigil/core'
import type { VigilApp } from '@vigil/server'
import { createPsiDeps } from '@vigil/storage'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildTestApp } from '../../../server/src/test-support/test-app.js'
import type { Fetch } from '../psi/psi-client.js'
import { captureIo } from '../test-support/capture-io.js'
import { psiKeyCreate, psiKeyShow, readPsiKeyFile } from './psi-key.js'
import { psiRun } from './psi-run.js'

describeEachDatabase('vigil psi run', (database) => {
  const clock = fixedClock(new Date('2026-06-01T08:00:00Z'))
  let app: VigilApp
  let agency: SeededUser
  let platform: SeededUser
  let dir: string
  const fingerprints: Record<string, string> = {}
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
    const identity = testAuthDeps(database(), clock)
    app = await buildTestApp(database(), { identity, psi: createPsiDeps(database().db, { clock }) })
    agency = await seedUser(identity, { roles: ['analyst'], kind: 'government' })
    platform = await seedUser(identity, { roles: ['analyst'], kind: 'platform' })
    dir = await mkdtemp(join(tmpdir(), 'vigil-psi-run-'))
    await writeFile(join(dir, 'agency.txt'), 'Alice@Example.org\nbob@example.org\ncarol@example.org\n')
    await writeFile(join(dir, 'platform.txt'), 'alice@example.org\ncarol@EXAMPLE.org\ndave@example.org\nerin@example.org\n')
    for (const [who, name] of [
      [agency, 'agency'],
      [platform, 'platform'],
    ] as const) {
      const io = captureIo()
      expect(
        await psiKeyCreate(io, { out: join(dir, `${name}-key.json`), server: 'http://vigil.test', token: who.token }, fetchBridge),
      ).toBe(0)
      fingerprints[name] = (await readPsiKeyFile(join(dir, `${name}-key.json`))).fingerprint
      expect(io.out()).toContain(fingerprints[name])
    }
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
  const options = (who: SeededUser, session: string, file: string) => {
    const [me, peer] = who === agency ? ['agency', 'platform'] : ['platform', 'agency']
    return {
      session,
      input: join(dir, file),
      server: 'http://vigil.test',
      token: who.token,
      key: join(dir, `${me}-key.json`),
      peerFingerprint: fingerprints[peer] ?? '',
      json: true,
    }
  }

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

  it('refuses, on each side, what a malicious server relays: a spliced, a replayed or a forged message, or a swapped key', async () => {
    // A server that records every message it relays and can answer a GET with any of them.
    const seen = new Map<string, string>()
    let play: ((url: string) => string | undefined) | undefined
    const malicious: Fetch = async (url, init) => {
      const path = new URL(url).pathname
      const forged = init.method === 'GET' ? play?.(path) : undefined
      if (forged !== undefined) return { status: 200, text: async () => forged }
      const res = await fetchBridge(url, init)
      if (init.body) seen.set(path, init.body)
      return res
    }
    const attack = { ...env, fetch: malicious }
    const runBoth = (id: string) =>
      Promise.all([
        // The side left waiting by the other's refusal gives up after a few seconds.
        psiRun(captureIo(), { ...options(agency, id, 'agency.txt'), waitSeconds: '3' }, attack).catch((e: unknown) => e),
        psiRun(captureIo(), { ...options(platform, id, 'platform.txt'), waitSeconds: '3' }, attack).catch((e: unknown) => e),
      ])
    const fresh = async () => {
      clock.advance(60_000)
      const s = await propose('nothing')
      await app.inject({ method: 'POST', url: `/api/v1/psi/sessions/${s.id}/accept`, headers: platform.headers })
      return s
    }
    const at = (id: string, step: string) => `/api/v1/psi/sessions/${id}/${step}`

    // An honest run first, whose messages the server keeps.
    const old = await fresh()
    expect(await runBoth(old.id)).toEqual([0, 0])

    // Splicing: the responder is handed the initiator's first message of the other session.
    const spliced = await fresh()
    play = (path) => (path === at(spliced.id, 'initiator-message') ? seen.get(at(old.id, 'initiator-message')) : undefined)
    const [, responderSplice] = await runBoth(spliced.id)
    expect(isVigilError(responderSplice, 'PSI_SIGNATURE_INVALID')).toBe(true)

    // Replay: the initiator is handed the responder's reply of the earlier session.
    const replayed = await fresh()
    play = (path) => (path === at(replayed.id, 'responder-message') ? seen.get(at(old.id, 'responder-message')) : undefined)
    const [initiatorReplay] = await runBoth(replayed.id)
    expect(isVigilError(initiatorReplay, 'PSI_SIGNATURE_INVALID')).toBe(true)

    // Forgery: the server swaps the responder's key for one of its own and signs with it.
    const swapped = await fresh()
    play = (path) =>
      path === `/api/v1/psi/keys/${platform.org.id}`
        ? JSON.stringify({
            orgId: platform.org.id,
            publicKey: Buffer.alloc(32, 1).toString('base64'),
            fingerprint: '0'.repeat(64),
            createdAt: new Date().toISOString(),
          })
        : undefined
    const forged = await psiRun(captureIo(), options(agency, swapped.id, 'agency.txt'), attack).catch((e: unknown) => e)
    expect(isVigilError(forged, 'PSI_SIGNATURE_INVALID') && forged.message).toMatch(/fingerprint/)
  })

  it('shows a PSI key fingerprint', async () => {
    const io = captureIo()
    await psiKeyShow(io, { org: platform.org.id, server: 'http://vigil.test', token: agency.token }, fetchBridge)
    expect(io.out()).toContain(fingerprints.platform)
  })
})
