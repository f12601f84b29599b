const DAY_MS = 86_400_000

/**
 * Adds whole days to a `YYYY-MM-DD` date, in UTC.
 *
 * @example
 * addDays('2026-01-30', 2) // '2026-02-01'
 */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** The UTC calendar day of an instant. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/** The later of two `YYYY-MM-DD` dates (they sort as strings). */
export function laterDay(a: string, b: string): string {
  return a >= b ? a : b
}
