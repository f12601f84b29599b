import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { IngestResult } from '@vigil/contracts'
import { createMigratedDataDir } from '@vigil/storage/test-support'
import { afterAll, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

const fixture = fileURLToPath(new URL('../../../storage/src/exchange/fixtures/misp-event.json', import.meta.url))

it('vigil import --format misp brings a MISP event into a collection as STIX, and exports it', async () => {
  const dataDir = await createMigratedDataDir('vigil-misp-')
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  const vigil = async (argv: string[]) => {
    const io = captureIo({ VIGIL_DATA_DIR: dataDir })
    return { code: await run(argv, io), out: io.out(), err: io.err() }
  }
  expect((await vigil(['admin', 'collection', 'create', '--title', 'MISP', '--read', 'all', '--default-tlp', 'green'])).code).toBe(0)
  const imported = await vigil(['import', fixture, '--collection', 'MISP', '--format', 'misp', '--json'])
  expect(imported.err).toBe('')
  // 1 identity, 1 report, 1 indicator, 6 observed-data, 1 note and 7 observables.
  expect(IngestResult.parse(JSON.parse(imported.out))).toMatchObject({ total: 17, successCount: 17, failureCount: 0 })
  // The instance reads CLEAR and GREEN only: the AMBER event stays hidden from it.
  const exported = await vigil(['export', '--collection', 'MISP'])
  expect(JSON.parse(exported.out).objects).toEqual([])
  const wrong = await vigil(['import', fixture, '--collection', 'MISP', '--format', 'openioc'])
  expect(wrong).toMatchObject({ code: 2, err: 'vigil: --format must be stix or misp\n' })
  const notMisp = await vigil(['import', fixture, '--collection', 'MISP'])
  expect(notMisp.code).not.toBe(0)
}, 120_000)
