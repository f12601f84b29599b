import { rm } from 'node:fs/promises'
import { IngestResult } from '@vigil/contracts'
import { describeWithShared, loadMispCorpus, MISP_REFUSED, sortById } from '@vigil/contracts/test-support'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describeWithShared('vigil import of what MISP exports as STIX 2.1', 'standards/producers/misp-stix-2.1.json', (corpusPath) => {
  let dataDir = ''
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const vigil = async (argv: string[]) => {
    dataDir ||= await createMigratedDataDir('vigil-misp-stix-')
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    const code = await run(argv, io)
    return { code, out: io.out(), err: io.err() }
  }

  it('stores every object but the three with §11.1-breaking custom names, says why, and exports them unchanged', async () => {
    const { bundle, stored } = loadMispCorpus(corpusPath)
    await vigil(['admin', 'org', 'create', '--name', 'CERT', '--kind', 'government'])
    await vigil(['admin', 'user', 'create', '--org', 'CERT', '--email', 'ana@cert.example', '--role', 'analyst'])
    const created = ['admin', 'collection', 'create', '--title', 'MISP', '--read', 'CERT', '--write', 'CERT', '--default-tlp', 'green']
    expect((await vigil(created)).code).toBe(0)

    const imported = await vigil(['import', corpusPath, '--collection', 'MISP', '--as', 'ana@cert.example', '--json'])
    const result = IngestResult.parse(JSON.parse(imported.out))
    expect(result).toMatchObject({ total: 304, successCount: 301, failureCount: 3 })
    expect(result.failures.map((f) => f.id).sort()).toEqual(Object.keys(MISP_REFUSED).sort())
    for (const failure of result.failures) {
      const expected = MISP_REFUSED[failure.id ?? '']
      expect(failure.issues).toContainEqual({ path: expected?.path, message: expect.stringMatching(expected?.says ?? /./) })
      expect(bundle.objects[failure.index]?.id).toBe(failure.id)
    }

    const exported = await vigil(['export', '--collection', 'MISP', '--as', 'ana@cert.example'])
    expect(exported.code).toBe(0)
    expect(sortById(JSON.parse(exported.out).objects)).toEqual(stored)
  }, 240_000)
})
