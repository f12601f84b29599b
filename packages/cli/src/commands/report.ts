import { ReportPeriod, TransparencyReport } from '@vigil/contracts'
import { buildTransparencyReport, cldrCountryName, periodBounds, transparencyCsvRows, VigilError } from '@vigil/core'
import { loadRequestsPolicy, loadTransparencyRecords, openStore, toCsv } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

export interface TransparencyOptions extends StorageOptions {
  readonly period: string
  readonly format?: string
  readonly public?: boolean
}

/** `vigil report transparency`: the half-year's transparency report as CSV (Google's columns) or JSON. */
export async function transparency(io: CliIo, options: TransparencyOptions): Promise<number> {
  const period = ReportPeriod.safeParse(options.period)
  if (!period.success) throw new VigilError('VALIDATION_FAILED', `--period: expected a half-year like 2026-H1 (got '${options.period}')`)
  const format = options.format ?? 'csv'
  if (format !== 'csv' && format !== 'json') throw new VigilError('VALIDATION_FAILED', `--format: expected csv or json (got '${format}')`)
  const config = configFrom(io, storageFlags(options))
  const database = await openStore(config, 'read')
  try {
    const policy = await loadRequestsPolicy(config.requestsPolicyFile)
    const { from, to } = periodBounds(period.data)
    const records = await loadTransparencyRecords(database.db, from, to)
    const report = TransparencyReport.parse(
      buildTransparencyReport(records, period.data, {
        public: options.public === true,
        publishFraudulent: policy.publishFraudulentInPublicReport,
        countryName: cldrCountryName,
      }),
    )
    if (format === 'json') writeLine(io.stdout, JSON.stringify(report))
    else io.stdout.write(toCsv(transparencyCsvRows(report)))
    return 0
  } finally {
    await database.close()
  }
}
