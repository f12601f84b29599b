import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isVigilError } from '@vigil/core'
import { afterEach, describe, expect, it } from 'vitest'
import { lockDataDir } from './data-dir-lock.js'
import { openDatabase } from './open-database.js'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const openDatabaseModule = fileURLToPath(new URL('./open-database.ts', import.meta.url))

describe('the data-directory lock', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  })
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-lock-'))
    dirs.push(dir)
    return dir
  }

  it('is taken at once after its holder was killed with SIGKILL, and refused while the holder lives', async () => {
    const dir = await dataDir()
    // A real process opens the embedded database, says so, and waits to be killed.
    const code = `const { openDatabase } = await import(${JSON.stringify(openDatabaseModule)})
await openDatabase({ dataDir: ${JSON.stringify(dir)} })
process.stdout.write('open\\n')
setInterval(() => {}, 1000)`
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.tests.json` },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const [first] = (await once(child.stdout, 'data')) as [Buffer]
    expect(first.toString()).toBe('open\n')

    const refused = openDatabase({ dataDir: dir })
    await expect(refused).rejects.toSatisfy((e: unknown) => isVigilError(e, 'STORAGE_LOCKED'))
    await expect(refused).rejects.toThrow(`in use by another Vigil process (pid ${child.pid})`)

    child.kill('SIGKILL')
    await once(child, 'exit')
    const reopened = await openDatabase({ dataDir: dir })
    expect(reopened.kind).toBe('pglite')
    await reopened.close()
  }, 60_000)

  it('takes over a lock whose pid now runs another process (a reused pid)', async () => {
    const dir = await dataDir()
    const unlock = await lockDataDir(dir)
    const path = join(dir, 'vigil.lock.json')
    const mine = JSON.parse(await readFile(path, 'utf8')) as { startTime: string | null }
    expect(mine.startTime).not.toBeNull()
    await writeFile(path, JSON.stringify({ ...mine, startTime: '1' }))
    const again = await lockDataDir(dir)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(mine)
    await again()
    await unlock()
  })

  it('refuses a lock held from another machine, naming the file to delete once that process is gone', async () => {
    const dir = await dataDir()
    const path = join(dir, 'vigil.lock.json')
    await writeFile(path, JSON.stringify({ pid: 4242, startTime: '7', host: 'elsewhere.example', bootId: 'x' }))
    const refused = lockDataDir(dir)
    await expect(refused).rejects.toSatisfy((e: unknown) => isVigilError(e, 'STORAGE_LOCKED'))
    await expect(refused).rejects.toThrow(`(pid 4242 on elsewhere.example); stop it first, or share a PostgreSQL server`)
    await expect(refused).rejects.toThrow(`if that process is gone, delete ${path}`)
  })

  it('is released on close', async () => {
    const dir = await dataDir()
    const unlock = await lockDataDir(dir)
    await unlock()
    const next = await lockDataDir(dir)
    await expect(lockDataDir(dir)).rejects.toSatisfy((e: unknown) => isVigilError(e, 'STORAGE_LOCKED'))
    await next()
  })
})
