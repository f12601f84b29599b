import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'

/**
 * The one CSV module of the project: every CSV Vigil reads or writes goes through these two
 * functions (csv-parse and csv-stringify, the `csv` project's parser and writer).
 */

/**
 * A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
 * spreadsheet (OWASP "CSV injection"): csv-stringify prefixes it with `'`, and the prefixed
 * cell is quoted as OWASP asks (`quoted_match` sees the cell before the prefix). Every other cell is written byte for byte, quoted only when
 * it holds a comma, a quote or a line break, so ordinary ids match other tools' files.
 */
const NEUTRALISED = /^[=+\-@\t\r]/

/** Rows as CSV text (RFC 4180, `\n` line ends), formulas neutralised. `null` and `undefined` are empty cells. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  if (rows.length === 0) return ''
  return stringify(
    rows.map((r) => [...r]),
    { escape_formulas: true, quoted_match: NEUTRALISED, record_delimiter: '\n' },
  )
}

/** CSV text as rows of fields (quotes, doubled quotes, line breaks in quotes; any line end); blank rows skipped. */
export function parseCsv(text: string): string[][] {
  return parse(text, {
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_records_with_empty_values: true,
  })
}
