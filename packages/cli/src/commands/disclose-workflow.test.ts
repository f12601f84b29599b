import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Disclosure, type OrgId, type UserId } from '@vigil/contracts'
import { actorFor, loadConfig, triageNetwork } from '@vigil/core'
import { uploadsDirOf } from '@vigil/server'
import { createAuthDeps, createDetectRunStore, createDetectStore, openStore, runDetection, saveDump } from '@vigil/storage'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const RING = ['ring_alpha', 'ring_bravo', 'ring_charlie']
// One ring resharing O1..O3 within seconds, in CooRTweet's format (no follower counts).
const DUMP = [
  'object_id,account_id,content_id,timestamp_share',
  ...['O1', 'O2', 'O3'].flatMap((o, i) => RING.map((a, j) => `${o},${a},${o}${j},${i * 1000 + j * 5}`)),
  'O9,loner_delta,O9x,9000',
].join('\n')

describe('vigil disclose create|submit|approve|publish|withdraw|report', () => {
  let dataDir = ''
  let runId = ''
  const work = mkdtemp(join(tmpdir(), 'vigil-disclose-wf-'))
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
    await rm(await work, { recursive: true, force: true })
  })
  const vigil = async (argv: string[]) => {
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }

  beforeAll(async () => {
    dataDir = await createMigratedDataDir('vigil-disclose-wf-')
    for (const argv of [
      ['admin', 'org', 'create', '--name', 'Platform', '--kind', 'platform'],
      ['admin', 'user', 'create', '--org', 'Platform', '--email', 'ana@platform.example', '--role', 'analyst'],
      ['admin', 'user', 'create', '--org', 'Platform', '--email', 'rev@platform.example', '--role', 'reviewer'],
      ['admin', 'collection', 'create', '--title', 'Takedowns', '--read', 'all', '--write', 'Platform'],
    ])
      expect((await vigil(argv)).code).toBe(0)
    // A server run, as `vigil serve`'s worker makes it: the dump stored, detected, completed, triaged.
    const database = await openStore(loadConfig({ VIGIL_DATA_DIR: dataDir }), 'update')
    try {
      const identity = createAuthDeps(database.db)
      const user = await identity.store.findUserByEmail('ana@platform.example')
      const org = user && (await identity.store.findOrg(user.orgId))
      if (!user || !org) throw new Error('no analyst')
      const dump = join(await work, 'shares.csv')
      await writeFile(dump, DUMP)
      const file = await saveDump(uploadsDirOf(dataDir), 'shares.csv', createReadStream(dump), 1e6)
      const store = createDetectRunStore(database.db)
      runId = randomUUID()
      await store.createRun({
        id: runId,
        orgId: org.id as OrgId,
        createdBy: user.id as UserId,
        files: [file],
        params: { window: 60, minRepeat: 2, weight: 'objects', repeat: 'fused', similarity: 0.8 },
        now: new Date(),
      })
      await store.claimRun(runId, 'test-worker', new Date())
      const detection = await runDetection({
        files: [join(uploadsDirOf(dataDir), `${file.sha256}.csv`)],
        window: 60,
        minRepeat: 2,
        weight: 'objects',
        similarity: 0.8,
        strict: false,
      })
      expect(await store.completeRun(runId, 'test-worker', detection, new Date())).toBe(true)
      const clock = { now: () => new Date() }
      await triageNetwork(
        { store: createDetectStore(database.db, uploadsDirOf(dataDir), clock), clock },
        actorFor({ user, org }, 'cli'),
        runId,
        'n1',
        {
          status: 'confirmed',
          note: '',
        },
      )
    } finally {
      await database.close()
    }
  }, 120_000)

  it('drafts, refuses the same person, approves with a reviewer, publishes and prints the frozen report', async () => {
    const unknown = await vigil([
      'disclose',
      'create',
      '--run',
      runId,
      '--network',
      'n7',
      '--title',
      'Ring',
      '--as',
      'ana@platform.example',
    ])
    expect(unknown).toMatchObject({ code: 1, out: '' })
    expect(unknown.err).toMatch(/no network n7/)
    const badSample = await vigil([
      'disclose',
      'create',
      '--run',
      runId,
      '--network',
      'n1',
      '--title',
      'Ring',
      '--sample',
      'zz',
      '--as',
      'ana@platform.example',
    ])
    expect(badSample.code).toBe(2)
    expect(badSample.err).toMatch(/post zz is not a post of the disclosed networks/)

    const created = await vigil([
      'disclose',
      'create',
      '--run',
      runId,
      '--network',
      'n1',
      '--title',
      'Ring of three',
      '--origin',
      'unknown',
      '--sample',
      'O10',
      '--notes',
      'co-reshare within seconds',
      '--as',
      'ana@platform.example',
      '--json',
    ])
    expect(created.err).toBe('')
    const draft = Disclosure.parse(JSON.parse(created.out))
    expect(draft).toMatchObject({ status: 'draft', evidence: { accounts: 3, posts: 9, reach: { followers: null } } })
    // No follower counts: every author is hashed.
    expect(draft.samples).toMatchObject([{ post: 'O10', hashed: true }])

    const preview = await vigil(['disclose', 'report', draft.id, '--format', 'markdown', '--as', 'rev@platform.example'])
    expect(preview.out).toMatch(/^# Ring of three\n\n\*\*Draft: not published\*\*/)
    for (const raw of RING) expect(preview.out).not.toContain(raw)

    expect((await vigil(['disclose', 'submit', draft.id, '--as', 'ana@platform.example'])).code).toBe(0)
    const self = await vigil(['disclose', 'approve', draft.id, '--as', 'ana@platform.example'])
    expect(self.code).toBe(1)
    expect(self.err).toMatch(/only a reviewer approves/)
    expect((await vigil(['disclose', 'approve', draft.id, '--as', 'rev@platform.example'])).out).toMatch(
      /^Approved disclosure .* \(approved\)/,
    )
    const published = await vigil([
      'disclose',
      'publish',
      draft.id,
      '--collection',
      'Takedowns',
      '--tlp',
      'clear',
      '--as',
      'ana@platform.example',
    ])
    expect(published.out).toMatch(/Public at \/disclosures\/ring-of-three-[0-9a-f]{8}; STIX report--/)
    const html = join(await work, 'report.html')
    expect((await vigil(['disclose', 'report', draft.id, '--out', html, '--as', 'rev@platform.example'])).code).toBe(0)
    expect(await readFile(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*Published \d{4}-\d\d-\d\d/)
    // Published: only a reviewer withdraws it, which revokes the report; the frozen copy stays.
    const byAnalyst = await vigil(['disclose', 'withdraw', draft.id, '--reason', 'late', '--as', 'ana@platform.example'])
    expect(byAnalyst.code).toBe(1)
    expect(byAnalyst.err).toMatch(/only a reviewer withdraws a published disclosure/)
    const withdrawn = await vigil(['disclose', 'withdraw', draft.id, '--reason', 'misattributed', '--as', 'rev@platform.example'])
    expect(withdrawn.out).toMatch(
      /^Withdrew disclosure .* \(withdrawn\): Ring of three\nThe STIX report report--\S+ is revoked; \/disclosures\/ring-of-three-[0-9a-f]{8} answers 410 Gone/,
    )
    const kept = await vigil(['disclose', 'report', draft.id, '--as', 'rev@platform.example'])
    expect(kept.out).toBe(await readFile(html, 'utf8'))
  }, 120_000)
})
