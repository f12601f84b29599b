import { describe, expect, it } from 'vitest'
import { currentEntry, NAV_ENTRIES } from './nav-entries.js'

const current = (path: string) => currentEntry(path, NAV_ENTRIES)?.label

describe('the current section of the menu', () => {
  it('is one entry: the longest path holding the page, by whole segments', () => {
    expect(current('/detect/live')).toBe('Live')
    expect(current('/detect/live/')).toBe('Live')
    expect(current('/detect')).toBe('Detect')
    expect(current('/detect/runs/7')).toBe('Detect')
    expect(current('/detect/lively')).toBe('Detect')
    expect(current('/admin/users')).toBe('Admin')
  })

  it('marks Overview only on the root, and nothing on a page outside the menu', () => {
    expect(current('/')).toBe('Overview')
    expect(current('/account')).toBeUndefined()
  })

  it('falls back to the parent when the child is not open to the user', () => {
    expect(
      currentEntry(
        '/detect/live',
        NAV_ENTRIES.filter((e) => e.label !== 'Live'),
      )?.label,
    ).toBe('Detect')
  })
})
