import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readCredentials } from './taxii-credentials.js'

const io = (env: Record<string, string> = {}, stdin = '') => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: Readable.from([stdin]),
  env,
})

describe('readCredentials', () => {
  it('reads Basic from --user and standard input, and a token from the named variable', async () => {
    expect(await readCredentials(io({}, 's3cret\n'), { user: 'a@example.org', passwordStdin: true })).toEqual({
      kind: 'basic',
      user: 'a@example.org',
      password: 's3cret',
    })
    expect(await readCredentials(io({ PEER_TOKEN: 'vgl_x' }), { tokenEnv: 'PEER_TOKEN' })).toEqual({ kind: 'bearer', token: 'vgl_x' })
    expect(await readCredentials(io({ PEER_TOKEN: 'vgl_x' }), { tokenEnv: 'PEER_TOKEN', user: 'a@example.org' })).toEqual({
      kind: 'basic',
      user: 'a@example.org',
      password: 'vgl_x',
    })
    expect(await readCredentials(io(), {})).toEqual({ kind: 'none' })
  })

  it('refuses incomplete or contradictory flags with one clear line', async () => {
    await expect(readCredentials(io(), { tokenEnv: 'MISSING' })).rejects.toThrow('--token-env: MISSING is not set')
    await expect(readCredentials(io(), { passwordStdin: true })).rejects.toThrow('--password-stdin needs --user')
    await expect(readCredentials(io(), { user: 'a@example.org' })).rejects.toThrow('--user needs --password-stdin or --token-env')
    await expect(readCredentials(io({ T: 'x' }), { user: 'u', passwordStdin: true, tokenEnv: 'T' })).rejects.toThrow('not both')
    await expect(readCredentials(io({}, '\n'), { user: 'u', passwordStdin: true })).rejects.toThrow('standard input was empty')
  })
})
