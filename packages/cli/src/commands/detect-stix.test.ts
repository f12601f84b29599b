import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NetworksFile, StixBundle } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { createExchangeStore } from '@vigil/storage'
import { createMigratedDataDir, describeEachDatabase, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { beforeAll, expect, it } from 'vitest'
import { loadStixSchemaOracle } from '../../../contracts/src/test-support/stix-schemas.js'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describeWithShared('vigil detect --stix on the IRA tweets', 'data/cib/ira_538_by_author/tweets_2016-10-01_2016-11-15.csv', (input) => {
  const out = mkdtempSync(join(tmpdir(), 'vigil-detect-stix-'))
  let bundle: { type: string; id: string; objects: Record<string, unknown>[] }
  let networks: NetworksFile

  beforeAll(async () => {
    const io = captureIo()
    expect(await run(['detect', input, '--out', out, '--stix', '--tlp', 'green'], io)).toBe(0)
    bundle = JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8'))
    networks = NetworksFile.parse(JSON.parse(readFileSync(join(out, 'networks.json'), 'utf8')))
  }, 120_000)

  it('writes a bundle whose every object validates against the OASIS STIX 2.1 schemas', () => {
    expect(StixBundle.safeParse(bundle).success).toBe(true)
    const oracle = loadStixSchemaOracle(join(input, '../../../../standards/stix2.1-schemas/schemas'))
    const complaints = bundle.objects.flatMap((o) => oracle(o).map((c) => `${String(o.id)} ${c}`))
    expect(complaints).toEqual([])
  })

  it('holds a grouping per network, an account per member, the evidence, and marks all GREEN', () => {
    const count = (type: string) => bundle.objects.filter((o) => o.type === type).length
    expect(count('grouping')).toBe(networks.networks.length)
    expect(count('user-account')).toBe(new Set(networks.networks.flatMap((n) => n.members)).size)
    expect(count('observed-data')).toBe(networks.networks.reduce((n, x) => n + x.evidence.length, 0))
    expect(networks.networks.length).toBeGreaterThan(0)
    const marked = bundle.objects.filter((o) => o.type !== 'marking-definition')
    expect(marked.every((o) => (o.object_marking_refs as string[])[0] === TLP2_MARKING_IDS.green)).toBe(true)
    // Co-reshare is the IRA run's main signal: each network proposes T0049.003.
    const proposed = bundle.objects.filter((o) => o.target_ref === 'attack-pattern--e6ab2793-a059-4354-bb60-045afb019833')
    expect(proposed.length).toBe(networks.networks.filter((n) => n.signals.includes('co-reshare')).length)
  })

  it('refuses an unknown --tlp with one line', async () => {
    const io = captureIo()
    expect(await run(['detect', input, '--out', out, '--stix', '--tlp', 'purple'], io)).not.toBe(0)
    expect(io.err()).toMatch(/^vigil: --tlp must be one of clear, green, amber, amber\+strict, red\n$/)
  })

  it('imports cleanly with vigil import', async () => {
    const dataDir = await createMigratedDataDir('vigil-detect-stix-data-')
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    expect(await run(['admin', 'collection', 'create', '--title', 'Detections', '--read', 'all'], io)).toBe(0)
    const imported = captureIo({ VIGIL_DATA_DIR: dataDir })
    expect(await run(['import', join(out, 'bundle.json'), '--collection', 'Detections', '--json'], imported)).toBe(0)
    expect(JSON.parse(imported.out())).toMatchObject({ total: bundle.objects.length, successCount: bundle.objects.length, failureCount: 0 })
  }, 120_000)

  describeEachDatabase('imports into a collection', (database) => {
    it('stores every object of the bundle without a failure', async () => {
      const store = createExchangeStore(database().db)
      const analyst = await seedUser(testAuthDeps(database()), { roles: ['analyst'] })
      const admin = systemActor('test-admin')
      const c = await store.createCollection(
        admin,
        { title: 'detections', read: { orgIds: [analyst.org.id] }, write: { orgIds: [analyst.org.id] } },
        new Date(),
      )
      const result = await store.addObjects(analyst.actor, c.id, bundle.objects)
      expect(result.failures).toEqual([])
      expect(result.successCount).toBe(bundle.objects.length)
      const groupings = await store.list(analyst.actor, { types: ['grouping'] }, { limit: 1000 })
      expect(groupings.objects).toHaveLength(networks.networks.length)
    })
  })
})
