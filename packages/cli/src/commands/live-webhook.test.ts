import { rm } from 'node:fs/promises'
import { LiveStixPublicationSetting, LiveWebhookCreated, LiveWebhookList } from '@vigil/contracts'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describe('vigil live webhook and vigil live stix', async () => {
  const dataDir = await createMigratedDataDir('vigil-live-webhook-')
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const vigil = async (argv: string[], env: Record<string, string> = {}) => {
    const io = captureIo({ VIGIL_DATA_DIR: dataDir, ...env })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }
  const as = ['--as', 'ana@lab.example']
  const feed = ['--feed', 'polls']

  it('adds a webhook with its secret shown once, lists it without, refuses plain http and deletes it', async () => {
    await vigil(['admin', 'org', 'create', '--name', 'Lab', '--kind', 'civil-society'])
    await vigil(['admin', 'user', 'create', '--org', 'Lab', '--email', 'ana@lab.example', '--role', 'analyst'])
    await vigil(['admin', 'user', 'create', '--org', 'Lab', '--email', 'rev@lab.example', '--role', 'reviewer'])
    expect((await vigil(['live', 'feed', 'create', 'polls', ...as])).code).toBe(0)

    const refused = await vigil(['live', 'webhook', 'add', 'http://127.0.0.1:9/hook', ...feed, ...as])
    expect(refused.code).not.toBe(0)
    expect(refused.err).toContain('VIGIL_LIVE_WEBHOOK_LOOPBACK')
    const loopback = await vigil(['live', 'webhook', 'add', 'http://127.0.0.1:9/hook', ...feed, ...as], {
      VIGIL_LIVE_WEBHOOK_LOOPBACK: '1',
    })
    expect(loopback.code, loopback.err).toBe(0)
    expect(loopback.out).toMatch(/Signing secret \(shown this once; keep it\): \S{43}/)
    const forbidden = await vigil(['live', 'webhook', 'add', 'https://soc.example/hook', ...feed, '--as', 'rev@lab.example'])
    expect(forbidden.err).toContain('lacks live:manage')

    const added = await vigil(['live', 'webhook', 'add', 'https://soc.example/hook', ...feed, ...as, '--description', 'SOC', '--json'])
    const hook = LiveWebhookCreated.parse(JSON.parse(added.out))
    const listed = await vigil(['live', 'webhook', 'list', ...feed, ...as, '--json'])
    expect(listed.out).not.toContain(hook.secret)
    expect(LiveWebhookList.parse(JSON.parse(listed.out)).webhooks.map((w) => w.description)).toEqual(['', 'SOC'])
    expect((await vigil(['live', 'webhook', 'delete', hook.id, ...feed, ...as])).out).toContain(`Deleted webhook ${hook.id}.`)
    expect(
      LiveWebhookList.parse(JSON.parse((await vigil(['live', 'webhook', 'list', ...feed, ...as, '--json'])).out)).webhooks,
    ).toHaveLength(1)
  }, 300_000)

  it('shows, sets and stops the STIX publication, only into a collection the user may write', async () => {
    const none = await vigil(['live', 'stix', ...feed, ...as])
    expect(none.out).toContain('Feed polls publishes no STIX.')
    const created = await vigil(['admin', 'collection', 'create', '--title', 'Alerts', '--read', 'all', '--write', 'Lab', '--json'])
    const collection = JSON.parse(created.out).id as string
    const other = JSON.parse((await vigil(['admin', 'collection', 'create', '--title', 'Closed', '--json'])).out).id as string
    expect((await vigil(['live', 'stix', ...feed, ...as, '--collection', other, '--tlp', 'amber'])).code).not.toBe(0)
    const set = await vigil(['live', 'stix', ...feed, ...as, '--collection', collection, '--tlp', 'green', '--json'])
    expect(set.code, set.err).toBe(0)
    expect(LiveStixPublicationSetting.parse(JSON.parse(set.out)).publication).toMatchObject({
      collection,
      tlp: 'green',
      setBy: 'ana@lab.example',
    })
    expect((await vigil(['live', 'stix', ...feed, ...as, '--off'])).out).toContain('publishes no STIX')
  }, 300_000)
})
