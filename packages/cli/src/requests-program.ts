import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

/** `vigil requests …`, the government data-request portal, and `vigil report transparency`, its half-year report. */
export function addRequestsCommands(root: Command, { io, setExit }: CliRuntime): void {
  const requests = root.command('requests').description('the government data-request portal')
  withStorageOptions(
    requests
      .command('assess')
      .description('run the automated legal assessment on a request described in a JSON file (nothing is stored)')
      .argument('<file>', 'the request file (docs/REQUESTS.md)')
      .option('--json', 'print the assessment as JSON'),
  ).action(async (file, options) => setExit(await (await import('./commands/requests.js')).assess(io, file, options)))
  withStorageOptions(
    requests
      .command('import-accounts')
      .description('import platform account records (CSV or NDJSON) into the built-in account data source')
      .argument('<file>', 'the account file (docs/REQUESTS.md)')
      .option('--json', 'print the result as JSON'),
  ).action(async (file, options) => setExit(await (await import('./commands/requests.js')).importAccounts(io, file, options)))

  withStorageOptions(
    requests
      .command('run-jobs')
      .description('release notices after an NDO expires, send queued notices, release lapsed holds, purge past retention')
      .option('--json', 'print the result as JSON'),
  ).action(async (options) => setExit(await (await import('./commands/requests.js')).runJobs(io, options)))

  withStorageOptions(
    requests
      .command('agency-add')
      .description('list an agency in the verified directory, with its e-mail domains and call-back number')
      .requiredOption('--name <name>', "the agency's name, as requests name it")
      .requiredOption('--country <code>', 'ISO 3166 two-letter country code')
      .requiredOption('--domain <domain...>', 'its verified e-mail domain(s)')
      .requiredOption('--phone <number>', 'the independently listed number for out-of-band call-backs')
      .option('--security-contact <email>', 'where the agency is warned when someone impersonates it')
      .option('--org <id>', "the agency's organisation id, if it has one"),
  ).action(async (options) => setExit(await (await import('./commands/requests-directory.js')).agencyAdd(io, options)))
  withStorageOptions(
    requests
      .command('flag-sender')
      .description('flag an e-mail address or a whole domain as compromised: its requests are refused as security events')
      .argument('<address-or-domain>'),
  ).action(async (value, options) => setExit(await (await import('./commands/requests-directory.js')).flagSender(io, value, options)))

  const report = root.command('report').description('reports')
  withStorageOptions(
    report
      .command('transparency')
      .description('the transparency report of a half-year')
      .requiredOption('--period <period>', 'the half-year, e.g. 2026-H1')
      .option('--format <format>', 'csv (the Google transparency CSV columns) or json', 'csv')
      .option('--public', 'mask counts from 1 to 9 as <10, as published'),
  ).action(async (options) => setExit(await (await import('./commands/report.js')).transparency(io, options)))
}
