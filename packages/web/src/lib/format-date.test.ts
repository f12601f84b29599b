import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatTimeOfDay } from './format-date.js'

describe('the one date format', () => {
  it('writes instants in UTC with the offset named, whatever offset they came with', () => {
    expect(formatDateTime('2026-03-01T14:05:09.123Z')).toBe('2026-03-01 14:05 UTC')
    expect(formatDateTime('2026-03-01T23:30:00+02:00', { seconds: true })).toBe('2026-03-01 21:30:00 UTC')
    expect(formatDate('2026-03-01T23:30:00-02:00')).toBe('2026-03-02')
    expect(formatTimeOfDay('2026-03-01T01:02:03Z')).toBe('01:02:03')
  })
  it('leaves what is not a date as it is', () => {
    expect(formatDateTime('soon')).toBe('soon')
  })
})

describe('the web UI', () => {
  it('formats dates only through this module', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const src = new URL('..', import.meta.url).pathname
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('format-date.ts'),
    )
    const offenders = files.filter((f) =>
      /toLocale(Date|Time)?String\(|Intl\.DateTimeFormat|\.replace\('T', ' '\)|getHours\(|getDate\(/.test(
        readFileSync(join(src, f), 'utf8'),
      ),
    )
    expect(offenders).toEqual([])
  })
})
