import type { DuckDBConnection } from '@duckdb/node-api'
import { VigilError } from '@vigil/core'
import { ident, literal } from './sql-text.js'

async function columnsOf(connection: DuckDBConnection, file: string): Promise<string[]> {
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_csv(${literal(file)}, header=true, all_varchar=true)`)
    return reader.getRowObjectsJS().map((r) => String(r.column_name))
  } catch (err) {
    throw new VigilError('DETECT_INPUT_INVALID', `${file}: cannot read: ${(err as Error).message.split('\n')[0]}`)
  }
}

/**
 * Reads an account list: the `account` column (or the first column) and, when named, a
 * label column. Used for `--labels` (every listed account is a positive) and for
 * `--accounts` with `--label-column` (the dataset's own category per account).
 */
export async function readAccountLabels(
  connection: DuckDBConnection,
  file: string,
  labelColumn: string | undefined,
): Promise<Map<string, string | undefined>> {
  const columns = await columnsOf(connection, file)
  const key = columns.includes('account') ? 'account' : columns[0]
  if (!key) throw new VigilError('DETECT_INPUT_INVALID', `${file}: no columns`)
  if (labelColumn !== undefined && !columns.includes(labelColumn)) {
    throw new VigilError('DETECT_INPUT_INVALID', `${file}: no column "${labelColumn}"`)
  }
  const label = labelColumn === undefined ? 'NULL' : ident(labelColumn)
  const reader = await connection.runAndReadAll(
    `SELECT ${ident(key)} AS account, ${label} AS label FROM read_csv(${literal(file)}, header=true, all_varchar=true)
     WHERE ${ident(key)} IS NOT NULL`,
  )
  return new Map(reader.getRowObjectsJS().map((r) => [String(r.account).trim(), r.label === null ? undefined : String(r.label)]))
}

/** The label of every account from the dump's own `label` field. */
export async function readRowLabels(connection: DuckDBConnection): Promise<Map<string, string>> {
  const reader = await connection.runAndReadAll('SELECT account, label FROM acct WHERE label IS NOT NULL')
  return new Map(reader.getRowObjectsJS().map((r) => [String(r.account), String(r.label)]))
}
