import { PassThrough } from 'node:stream'
import type { CliIo } from '../io.js'

/** An in-memory `CliIo`: what the command printed, per stream. */
export function captureIo(env: Record<string, string | undefined> = {}): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c) => {
    out += String(c)
  })
  stderr.on('data', (c) => {
    err += String(c)
  })
  return { stdout, stderr, env, out: () => out, err: () => err }
}
