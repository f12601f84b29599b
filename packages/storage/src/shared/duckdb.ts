import type { DuckDBInstance } from '@duckdb/node-api'

/**
 * A DuckDB instance. The native addon loads on first use, so the commands and requests that
 * never read a dump (admin, requests, the exchange) do not pay for loading it.
 */
export async function createDuckDB(path: string, options?: Record<string, string>): Promise<DuckDBInstance> {
  const { DuckDBInstance: Instance } = await import('@duckdb/node-api')
  return Instance.create(path, options)
}
