import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Collection, IngestResult, Org, SharingGroup } from '@vigil/contracts'
import { bundleText, describeWithShared, poisonedObjectTexts } from '@vigil/contracts/test-support'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describeWithShared('vigil import / export / admin collection', 'standards/stix-bundles/DISARM.json', (disarmPath) => {
  let dataDir = ''
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const vigil = async (argv: string[]) => {
    dataDir ||= await createMigratedDataDir('vigil-exchange-')
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }
  const json = async (argv: string[]) => {
    const r = await vigil([...argv, '--json'])
    expect(r.err).toBe('')
    return JSON.parse(r.out)
  }
  const ids = (bundle: { objects: { id: string }[] }) => bundle.objects.map((o) => o.id).sort()

  it('creates a collection for organisations and a group, imports DISARM as a user and exports it back', async () => {
    const lab = Org.parse(await json(['admin', 'org', 'create', '--name', 'Civic Lab', '--kind', 'civil-society']))
    const platform = Org.parse(await json(['admin', 'org', 'create', '--name', 'Platform', '--kind', 'platform']))
    await json(['admin', 'org', 'create', '--name', 'Outsider', '--kind', 'other'])
    for (const [org, email] of [
      ['Civic Lab', 'ana@lab.example'],
      ['Platform', 'pat@platform.example'],
      ['Outsider', 'out@outsider.example'],
    ] as const) {
      await json(['admin', 'user', 'create', '--org', org, '--email', email, '--role', 'analyst'])
    }
    const group = SharingGroup.parse(
      await json(['admin', 'group', 'create', '--name', 'Taskforce', '--owner', 'Civic Lab', '--member', 'Platform']),
    )
    expect(group.memberOrgIds.sort()).toEqual([lab.id, platform.id].sort())
    const collection = Collection.parse(
      await json([
        'admin',
        'collection',
        'create',
        '--title',
        'Frameworks',
        '--read',
        'group:Taskforce',
        '--write',
        'Civic Lab',
        '--default-tlp',
        'amber',
      ]),
    )
    expect(collection).toMatchObject({ read: { everyone: false, groupIds: [group.id] }, write: { orgIds: [lab.id] }, defaultTlp: 'amber' })

    const imported = IngestResult.parse(await json(['import', disarmPath, '--collection', 'Frameworks', '--as', 'ana@lab.example']))
    expect(imported).toMatchObject({ total: 698, successCount: 698, failureCount: 0 })

    const original = JSON.parse(await readFile(disarmPath, 'utf8'))
    const asPlatform = await vigil(['export', '--collection', 'Frameworks', '--as', 'pat@platform.example'])
    expect(asPlatform.code).toBe(0)
    const exported = JSON.parse(asPlatform.out)
    expect(exported.type).toBe('bundle')
    const byId = (objects: { id: string }[]) => [...objects].sort((a, b) => a.id.localeCompare(b.id))
    expect(byId(exported.objects)).toEqual(byId(original.objects))

    // AMBER by default: the instance itself and other organisations see none of it.
    const asInstance = await vigil(['export', '--collection', 'Frameworks'])
    expect(ids(JSON.parse(asInstance.out))).toEqual([])
    // An empty bundle says why on stderr, and still exits 0.
    expect(asInstance).toMatchObject({
      code: 0,
      err: "vigil: the export is empty: none of the 698 objects in Frameworks may be read by the instance itself (pass --as EMAIL to export as a user): their TLP or the collection's grants keep them from this reader\n",
    })
    const noCampaigns = await vigil(['export', '--collection', 'Frameworks', '--type', 'campaign', '--as', 'ana@lab.example'])
    expect(noCampaigns).toMatchObject({ code: 0, err: 'vigil: the export is empty: Frameworks holds no objects of type campaign\n' })
    // An unknown STIX type is refused, not answered with an empty bundle.
    expect(await vigil(['export', '--collection', 'Frameworks', '--type', 'indicator,bogus-type', '--as', 'ana@lab.example'])).toEqual({
      code: 2,
      out: '',
      err: 'vigil: --type bogus-type: not a STIX 2.1 object type (custom types start with x-)\n',
    })
    const outsider = await vigil(['export', '--collection', 'Frameworks', '--as', 'out@outsider.example'])
    expect(outsider).toMatchObject({ code: 1, err: "vigil: no collection 'Frameworks'\n" })
    const tactics = JSON.parse(
      (await vigil(['export', '--collection', collection.id, '--type', 'x-mitre-tactic', '--as', 'ana@lab.example'])).out,
    )
    expect(tactics.objects).toHaveLength(16)
  }, 240_000)

  it('reports refused objects and exits non-zero, storing the valid ones', async () => {
    const file = join(dataDir, 'mixed.json')
    const good = {
      type: 'campaign',
      spec_version: '2.1',
      id: 'campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'C',
    }
    await writeFile(file, bundleText([good, { ...good, id: 'campaign--1', name: 'bad' }, ...poisonedObjectTexts(3).texts]))
    const r = await vigil(['import', file, '--collection', 'Frameworks', '--tlp', 'clear'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/^Imported 1 of 5 object\(s\) into Frameworks\.\nrefused #1 campaign--1: \$\.id must be an identifier/)
    expect(r.out).toMatch(/refused #2 campaign--0badc0de-\S+: \$\["description"\] holds a NUL/)
    expect(r.out).toMatch(/refused #4 campaign--0badc0de-\S+: \$\["x_deep"\]\S* is nested deeper than 64 levels/)
    expect(r.err).toBe('vigil: 4 object(s) were refused\n')
    expect(ids(JSON.parse((await vigil(['export', '--collection', 'Frameworks'])).out))).toEqual([good.id])
    expect((await vigil(['import', join(dataDir, 'missing.json'), '--collection', 'Frameworks'])).code).toBe(2)
  }, 120_000)
})
