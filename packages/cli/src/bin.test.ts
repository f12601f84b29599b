import { execFile } from 'node:child_process'
import { access, constants, readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const cliRoot = new URL('../', import.meta.url)

describe('the vigil bin npm links', () => {
  it('is a committed file, executable, that runs the built CLI (npm links bins before prepare builds dist)', async () => {
    const manifest = JSON.parse(await readFile(new URL('package.json', cliRoot), 'utf8')) as { version: string; bin: { vigil: string } }
    expect(manifest.bin.vigil).not.toMatch(/dist\//)
    const bin = new URL(manifest.bin.vigil, cliRoot)
    await access(bin, constants.X_OK)
    // Executed directly, as npm's link is: through its shebang, not `node file`.
    const { stdout } = await promisify(execFile)(bin.pathname, ['--version'])
    expect(stdout.trim()).toBe(manifest.version)
  })
})
