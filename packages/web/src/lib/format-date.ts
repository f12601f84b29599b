// The one date format of the web UI (and of report.html): absolute, in UTC, ISO order, with
// the offset written out ("2026-03-01 14:05 UTC"). Analysts, platforms and agencies in
// different time zones quote these times to one another, so a local or relative time would
// mislead; every page formats instants through this module (see packages/web/README.md).

const pad = (n: number) => String(n).padStart(2, '0')

function parse(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

/** `YYYY-MM-DD` (UTC) of an instant; the input unchanged if it is not a date. */
export function formatDate(value: string | Date): string {
  const d = parse(value)
  if (!d) return String(value)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** `YYYY-MM-DD HH:MM UTC` of an instant, or with `seconds`, `YYYY-MM-DD HH:MM:SS UTC`. */
export function formatDateTime(value: string | Date, options: { readonly seconds?: boolean } = {}): string {
  const d = parse(value)
  if (!d) return String(value)
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${options.seconds ? `:${pad(d.getUTCSeconds())}` : ''}`
  return `${formatDate(d)} ${time} UTC`
}

/** The time of day only (`HH:MM:SS`, UTC), for axes that span less than a day. */
export function formatTimeOfDay(value: string | Date): string {
  const d = parse(value)
  if (!d) return String(value)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** A whole number with thousands separators, the same in every browser locale (`12,345`). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB')
}
