import { describe, expect, it } from 'vitest'
import { printableMessage, VigilError } from './errors.js'

describe('error messages built from input', () => {
  it('escape terminal control sequences, so input cannot set a title, colour or move the cursor', () => {
    const err = new VigilError('DETECT_INPUT_INVALID', 'unrecognised header "\u001b]0;pwned\u0007\u001b[31mred\u009b2J\u202eevil"')
    expect(err.message).toBe('unrecognised header "\\u001b]0;pwned\\u0007\\u001b[31mred\\u009b2J\\u202eevil"')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none is left
    expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
  })

  it('shorten a huge value instead of echoing it whole', () => {
    const id = `indicator--${'a'.repeat(1_000_000)}`
    const message = new VigilError('VALIDATION_FAILED', `unknown id ${id} in the bundle`).message
    expect(message.length).toBeLessThan(200)
    expect(message).toBe(`unknown id ${id.slice(0, 100)}… (${id.length} characters) in the bundle`)
  })

  it('leave ordinary messages exactly as they are', () => {
    const text = 'posts.csv: line 3: the time "2026-13-01" is not a date (use --map time=COLUMN) — café, 日本'
    expect(printableMessage(text)).toBe(text)
  })

  it('cap the whole message', () => {
    const message = printableMessage('word '.repeat(2000))
    expect(message.length).toBeLessThan(2100)
    expect(message).toMatch(/… \(10000 characters\)$/)
  })
})
