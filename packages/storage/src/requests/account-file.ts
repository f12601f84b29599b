import { ACCOUNT_CSV_COLUMNS, AccountImportRecord } from '@vigil/contracts'
import { parseInput, VigilError } from '@vigil/core'
import { parseCsv } from '../shared/csv.js'

/** The largest import file read at once. */
export const MAX_ACCOUNT_FILE_BYTES = 200 * 1024 * 1024

function invalidLine(line: number, message: string): VigilError {
  return new VigilError('VALIDATION_FAILED', `line ${line}: ${message}`, { line })
}

function parseRecord(value: unknown, line: number): AccountImportRecord {
  return parseInput(AccountImportRecord, value, { name: 'record', prefix: `line ${line}: `, details: { line } })
}

const CAMEL: Record<string, string> = { account_id: 'accountId', created_at: 'createdAt', payment_method: 'paymentMethod' }

function parseCsvOrThrow(text: string): string[][] {
  try {
    return parseCsv(text)
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1
    throw invalidLine(line, `not valid CSV (${(err as Error).message})`)
  }
}

function csvRecords(text: string): AccountImportRecord[] {
  const [header, ...rows] = parseCsvOrThrow(text)
  const columns = header?.map((h) => h.trim()) ?? []
  const unknown = columns.filter((c) => !(ACCOUNT_CSV_COLUMNS as readonly string[]).includes(c))
  if (unknown.length > 0 || !columns.includes('type') || !columns.includes('account_id')) {
    throw invalidLine(
      1,
      `expected the columns ${ACCOUNT_CSV_COLUMNS.join(',')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    )
  }
  return rows.map((fields, i) => {
    const value: Record<string, unknown> = {}
    columns.forEach((column, j) => {
      const cell = fields[j]?.trim() ?? ''
      if (cell === '') return
      if (column === 'data') {
        try {
          value.data = JSON.parse(cell)
        } catch {
          throw invalidLine(i + 2, 'data: not a JSON object')
        }
      } else value[CAMEL[column] ?? column] = cell
    })
    return parseRecord(value, i + 2)
  })
}

function ndjsonRecords(text: string): AccountImportRecord[] {
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.trim()
    if (line === '') return []
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw invalidLine(i + 1, 'not valid JSON')
    }
    return [parseRecord(value, i + 1)]
  })
}

/**
 * Parses an account import file: NDJSON when the first non-blank character is `{`, CSV with the
 * documented header otherwise. Errors name the line.
 *
 * @example
 * parseAccountFile('{"type":"account","accountId":"1","username":"alice"}\n')
 */
export function parseAccountFile(text: string): AccountImportRecord[] {
  return text.trimStart().startsWith('{') ? ndjsonRecords(text) : csvRecords(text)
}
