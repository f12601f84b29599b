import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { AccountImportResult, AssessFile, Assessment, RequestJobsResult } from '@vigil/contracts'
import { assessRequest, isoDay, parseInput, systemActor, VigilError } from '@vigil/core'
import { createNoticeMailer } from '@vigil/server'
import {
  createAccountDataSource,
  importAccounts as importAccountRecords,
  loadAssessmentContext,
  loadRequestsPolicy,
  MAX_ACCOUNT_FILE_BYTES,
  openStore,
  parseAccountFile,
  readJsonFile,
  runRequestJobs,
  type StoreAccess,
  type VigilDatabase,
} from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'
import { formatAssessment } from './format-assessment.js'

async function withDatabase<T>(
  io: CliIo,
  options: StorageOptions,
  access: StoreAccess,
  use: (db: VigilDatabase['db'], policyFile: string | undefined) => Promise<T>,
): Promise<T> {
  const config = configFrom(io, storageFlags(options))
  const database = await openStore(config, access)
  try {
    return await use(database.db, config.requestsPolicyFile)
  } finally {
    await database.close()
  }
}

/**
 * `vigil requests assess FILE.json`: the automated assessment of a request described in a file,
 * against the instance's directory, compromised senders, open requests and imported accounts.
 * Nothing is stored.
 */
export async function assess(io: CliIo, file: string, options: StorageOptions & { readonly json?: boolean }): Promise<number> {
  const input = parseInput(AssessFile, await readJsonFile(file), { name: 'file', prefix: `${file}: ` })
  const assessment = await withDatabase(io, options, 'read', async (db, policyFile) => {
    const settings = { ...(await loadRequestsPolicy(policyFile)), ...input.settings }
    const context = await loadAssessmentContext(db, createAccountDataSource(db), input.request, input.context)
    return assessRequest(input.request, context, settings, input.on ?? isoDay(new Date()))
  })
  if (options.json) writeLine(io.stdout, JSON.stringify(Assessment.parse(assessment)))
  else for (const line of formatAssessment(assessment)) writeLine(io.stdout, line)
  return 0
}

/** `vigil requests import-accounts FILE`: loads account records (CSV or NDJSON) into the built-in data source. */
export async function importAccounts(io: CliIo, file: string, options: StorageOptions & { readonly json?: boolean }): Promise<number> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new VigilError('VALIDATION_FAILED', `${file}: cannot read the file`)
    },
  )
  if (size > MAX_ACCOUNT_FILE_BYTES) throw new VigilError('PAYLOAD_TOO_LARGE', `${file}: larger than ${MAX_ACCOUNT_FILE_BYTES} bytes`)
  const records = parseAccountFile(await readFile(file, 'utf8'))
  const result = AccountImportResult.parse(
    await withDatabase(io, options, 'update', (db) =>
      importAccountRecords(db, records, { actor: systemActor('cli'), source: basename(file) }),
    ),
  )
  if (options.json) writeLine(io.stdout, JSON.stringify(result))
  else writeLine(io.stdout, `Imported ${result.accounts} account(s) and ${result.activities} activity record(s).`)
  return 0
}

/**
 * `vigil requests run-jobs`: releases notices whose non-disclosure order expired, sends queued
 * notices (SMTP, or the outbox file), releases lapsed preservation holds, and purges documents
 * and packages past retention. Meant for a scheduler (cron, systemd timer).
 */
export async function runJobs(io: CliIo, options: StorageOptions & { readonly json?: boolean }): Promise<number> {
  const config = configFrom(io, storageFlags(options))
  const result = RequestJobsResult.parse(
    await withDatabase(io, options, 'update', async (db, policyFile) =>
      runRequestJobs(db, createNoticeMailer(config), new Date(), await loadRequestsPolicy(policyFile)),
    ),
  )
  if (options.json) writeLine(io.stdout, JSON.stringify(result))
  else
    writeLine(
      io.stdout,
      `Notices: ${result.noticesReleased} released, ${result.sent} sent, ${result.failed} failed, ${result.noAddress} without address; agency warnings: ${result.agencyWarningsSent} sent, ${result.agencyWarningsFailed} failed, ${result.agencyWarningsToCall} to call; holds released: ${result.holdsReleased}; SLA alerts: ${result.slaAlerts}; purged: ${result.documents} document(s), ${result.packages} package(s).`,
    )
  return 0
}
