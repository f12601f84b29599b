/** A byte count as people read it: 1.2 MB, 340 kB. */
import { formatDateTime } from '../../../lib/format-date.js'
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = -1
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** An ISO-8601 instant as `YYYY-MM-DD HH:MM:SS` (UTC), the way evidence tables show time. */
export function formatInstant(iso: string): string {
  return formatDateTime(iso, { seconds: true })
}
