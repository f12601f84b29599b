import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PsiLocalResult } from '@vigil/contracts'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { captureIo } from '../test-support/capture-io.js'

describe('vigil psi local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-psi-'))
  afterAll(() => rm(dir, { recursive: true, force: true }))
  const agency = join(dir, 'agency.txt')
  const platform = join(dir, 'platform.txt')
  await writeFile(agency, '# tips\n+1 (555) 010-0001\n+15550100002\nnot a phone\n0015550100003\n')
  await writeFile(platform, '+15550100003\n+1-555-010-0001\n+15550100009\n+15550100010\n')

  it('prints what each side learns', async () => {
    const io = captureIo()
    expect(await run(['psi', 'local', '--kind', 'phone', '--responder-learns', 'cardinality', agency, platform], io)).toBe(0)
    const lines = io.out().trim().split('\n')
    expect(lines[0]).toMatch(/2 of its 3 phone selectors are also held by the responder \(which holds 4\).*first: 4\)$/)
    expect(lines.slice(1, 3)).toEqual(['  +15550100001', '  +15550100003'])
    expect(lines[3]).toMatch(/learns the initiator holds 3 selectors, and the intersection holds 2$/)
  })

  it('prints JSON, and keeps the intersection size from a responder that may learn nothing', async () => {
    const io = captureIo()
    expect(
      await run(['psi', 'local', '--kind', 'phone', '--responder-learns', 'nothing', '--json', '--workers', '2', agency, platform], io),
    ).toBe(0)
    const result = PsiLocalResult.parse(JSON.parse(io.out()))
    expect(result.initiator.shared).toEqual(['+15550100001', '+15550100003'])
    expect(result.initiator.rejected).toEqual({ count: 1, firstLines: [4] })
    expect(result.responder).toMatchObject({ setSize: 4, initiatorSetSize: 3, intersectionSize: null })
  })

  it('refuses an unknown kind and a missing file with one line and exit code 2', async () => {
    let io = captureIo()
    expect(await run(['psi', 'local', '--kind', 'fax', agency, platform], io)).toBe(2)
    expect(io.err()).toBe('vigil: --kind must be one of phone, email, account\n')
    io = captureIo()
    expect(await run(['psi', 'local', '--kind', 'email', agency, join(dir, 'nope.txt')], io)).toBe(2)
    expect(io.err()).toMatch(/^vigil: cannot read .*nope\.txt: ENOENT\n$/)
  })

  it('says on stderr why the intersection is empty when a file holds no valid selector', async () => {
    const words = join(dir, 'words.txt')
    await writeFile(words, 'hello\nworld\n')
    const io = captureIo()
    expect(await run(['psi', 'local', '--kind', 'phone', words, platform], io)).toBe(0)
    expect(io.err()).toBe(`vigil: ${words} holds no valid phone selector (2 line(s) skipped, first: 1, 2): the intersection is empty\n`)
    expect(io.out()).toMatch(/0 of its 0 phone selectors/)
  })
})
