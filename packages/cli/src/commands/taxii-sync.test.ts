import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { Envelope, SyncResult, TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { loadConfig, systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { type RunningServer, startServer } from '@vigil/server'
import { createExchangeStore, openConfiguredDatabase } from '@vigil/storage'
import { createMigratedDataDir, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const campaign = (tlp: keyof typeof TLP2_MARKING_IDS) => ({
  type: 'campaign',
  spec_version: '2.1',
  id: `campaign--${randomUUID()}`,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: `Operation ${tlp}`,
  object_marking_refs: [TLP2_MARKING_IDS[tlp]],
})

interface Instance {
  readonly dir: string
  readonly user: SeededUser
  readonly collections: Record<string, string>
}

// A Vigil data directory with one analyst whose organisation reads and writes `names`.
async function seedInstance(names: readonly string[]): Promise<Instance> {
  const dir = await createMigratedDataDir('vigil-taxii-')
  const database = await openConfiguredDatabase(loadConfig({ VIGIL_DATA_DIR: dir }))
  try {
    const user = await seedUser(testAuthDeps(database), { roles: ['analyst'] })
    const exchange = createExchangeStore(database.db)
    const collections: Record<string, string> = {}
    for (const title of names) {
      const org = [user.org.id]
      collections[title] = (
        await exchange.createCollection(systemActor('test'), { title, read: { orgIds: org }, write: { orgIds: org } }, new Date())
      ).id
    }
    return { dir, user, collections }
  } finally {
    await database.close()
  }
}

const serve = (dir: string) => startServer(loadConfig({ VIGIL_DATA_DIR: dir, VIGIL_PORT: '0', VIGIL_LOG_LEVEL: 'silent' }))

describe('vigil taxii pull and push between two Vigil servers', () => {
  let a: Instance
  let b: Instance
  let serverA: RunningServer
  const objects = [campaign('green'), campaign('amber'), campaign('clear')]

  beforeAll(async () => {
    ;[a, b] = await Promise.all([seedInstance(['source', 'inbox']), seedInstance(['local'])])
    serverA = await serve(a.dir)
    const res = await fetch(`${serverA.url}/taxii2/vigil/collections/${a.collections.source}/objects/`, {
      method: 'POST',
      headers: { accept: TAXII_MEDIA_TYPE, 'content-type': TAXII_MEDIA_TYPE, authorization: `Bearer ${a.user.token}` },
      body: JSON.stringify({ objects }),
    })
    expect(res.status).toBe(202)
  })
  afterAll(async () => {
    await serverA?.close()
    await Promise.all([a, b].map((i) => i && rm(i.dir, { recursive: true, force: true })))
  })

  const sync = async (verb: 'pull' | 'push', local: string, remote: string) => {
    const io = captureIo({ PEER_TOKEN: a.user.token })
    const localFlag = verb === 'pull' ? '--into' : '--from'
    const argv = ['taxii', verb, '--data-dir', b.dir, '--url', `${serverA.url}/taxii2/vigil/`, '--collection', remote]
    const code = await run(
      [...argv, localFlag, local, '--token-env', 'PEER_TOKEN', '--user', a.user.user.email, '--as', b.user.user.email, '--json'],
      io,
    )
    expect(io.err()).toBe('')
    expect(code).toBe(0)
    return SyncResult.parse(JSON.parse(io.out()))
  }

  it('pulls a remote collection into a local one, markings kept, and resumes with nothing new', async () => {
    const first = await sync('pull', 'local', a.collections.source ?? '')
    expect(first).toMatchObject({ objects: 3, succeeded: 3, failed: 0 })
    expect((await sync('pull', 'local', a.collections.source ?? '')).objects).toBe(0)
  })

  it('pushes the local collection back to the remote, then only what is new', async () => {
    expect(await sync('push', 'local', a.collections.inbox ?? '')).toMatchObject({ objects: 3, succeeded: 3 })
    expect((await sync('push', 'local', a.collections.inbox ?? '')).objects).toBe(0)
    const res = await fetch(`${serverA.url}/taxii2/vigil/collections/${a.collections.inbox}/objects/`, {
      headers: { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${a.user.token}` },
    })
    expect(Envelope.parse(await res.json()).objects).toEqual(objects)
  })

  it('serves the pulled objects, as received, from the second server', async () => {
    const serverB = await serve(b.dir)
    try {
      const res = await fetch(`${serverB.url}/taxii2/vigil/collections/${b.collections.local}/objects/`, {
        headers: { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${b.user.token}` },
      })
      expect(Envelope.parse(await res.json()).objects).toEqual(objects)
    } finally {
      await serverB.close()
    }
  })

  it('refuses a URL that is not an http(s) API root before touching anything', async () => {
    const io = captureIo()
    expect(await run(['taxii', 'pull', '--data-dir', b.dir, '--url', 'peer.example', '--collection', 'c', '--into', 'local'], io)).toBe(2)
    expect(io.err()).toBe("vigil: --url: expected an http(s) API root URL, got 'peer.example'\n")
  })

  it('explains a refused remote in one line', async () => {
    const io = captureIo({ PEER_TOKEN: 'vgl_wrong' })
    const code = await run(
      [
        'taxii',
        'pull',
        '--data-dir',
        b.dir,
        '--url',
        `${serverA.url}/taxii2/vigil/`,
        '--collection',
        a.collections.source ?? '',
        '--into',
        'local',
        '--token-env',
        'PEER_TOKEN',
      ],
      io,
    )
    expect(code).toBe(1)
    expect(io.err()).toMatch(/^vigil: http:\/\/.*: 401 invalid credentials\n$/)
  })
})
