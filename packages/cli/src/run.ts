import { createRequire } from 'node:module'
import { Command, CommanderError } from 'commander'
import { addAdminCommands } from './admin-program.js'
import { addExchangeCommands } from './exchange-program.js'
import { EXIT_CODES } from './exit-codes.js'
import type { CliIo } from './io.js'
import { writeLine } from './io.js'
import { addLiveCommands } from './live-program.js'
import { addPsiCommands } from './psi-program.js'
import { withStorageOptions } from './storage-options.js'
import { addTaxiiCommands } from './taxii-program.js'

// Only commander and the command tree load before a command runs: `--help` and the first
// output of `detect` must not wait for the libraries the commands use.
const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version

/** Builds the command tree; each command's module is imported only when it runs. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('vigil')
    .description('Vigil: detect coordinated inauthentic behaviour, share threat intelligence, answer lawful requests.')
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line: commander's message without its usage dump.
      outputError: (s, write) => write(s.split('\n')[0] ? `${s.split('\n')[0]}\n` : s),
    })
    .exitOverride()

  withStorageOptions(
    program
      .command('serve')
      .description('run the HTTP API, TAXII 2.1 server and web UI')
      .option('--port <port>', 'port to listen on (VIGIL_PORT, default 8080)')
      .option('--host <host>', 'address to listen on (VIGIL_HOST, default 127.0.0.1)'),
  ).action(async (options) => setExit(await (await import('./commands/serve.js')).serve(io, options)))

  withStorageOptions(
    program.command('migrate').description('bring the database schema up to date').option('--json', 'print the result as JSON'),
  ).action(async (options) => setExit(await (await import('./commands/migrate.js')).migrate(io, options)))

  const admin = addAdminCommands(program, io, setExit)

  withStorageOptions(
    program
      .command('audit')
      .description('the hash-chained audit log')
      .command('verify')
      .description('verify the audit chain against the latest signed checkpoint; prints ok N entries or the first broken entry')
      .option('--checkpoint <file>', 'checkpoint file (default: DATA_DIR/audit/checkpoint.json)')
      .option('--json', 'print the result as JSON'),
  ).action(async (options) => setExit(await (await import('./commands/audit-verify.js')).auditVerify(io, options)))
  program
    .command('detect')
    .description('find coordinated inauthentic networks in social-media dumps')
    .argument('<files...>', 'input files of one format (CSV, NDJSON or Parquet; gzip is read transparently)')
    .option('--map <fields>', 'column mapping for generic input: field=column,… (account, time required)')
    .option('--signals <list>', 'signals to compute, comma-separated (default: every signal the input has fields for)')
    .option('--window <seconds>', 'co-posts within this many seconds are linked (inclusive)', '60')
    .option('--min-repeat <n>', 'drop edges lighter than this', '2')
    .option('--weight <kind>', 'edge weight: objects, posts (QUT toolkit) or pairs (CooRTweet)', 'objects')
    .option('--repeat <count>', 'networks count repeats per-signal, or fused: co-posts across all signals', 'fused')
    .option('--similarity <jaccard>', 'co-similar-text threshold on word-set Jaccard', '0.8')
    .option('--strict', 'stop at the first unreadable row instead of counting it')
    .option('--labels <file>', 'CSV with an account column: known positives, for precision and recall')
    .option('--label-column <name>', "report each network's purity by this column (of --accounts, or of the input)")
    .option('--accounts <file>', 'CSV of accounts (account or first column) holding --label-column')
    .option('--out <dir>', 'output directory, replaced by each run', './vigil-detect')
    .option('--force', 'replace --out even when it holds files that are not a previous detect output')
    .option('--json', 'print the summary as JSON')
    .option('--stix', 'also write bundle.json, the networks as a STIX 2.1 bundle')
    .option('--tlp <level>', 'TLP of the STIX bundle: clear, green, amber, amber+strict or red', 'amber')
    .option('--platform <name>', 'STIX account_type of the accounts (default: twitter for the known dump formats)')
    .action(async (files: string[], options) => {
      // Say at once that work started; the detection libraries take a while to load.
      if (io.stderr.isTTY) writeLine(io.stderr, `detect: reading ${files.length} file(s)…`)
      setExit(await (await import('./commands/detect.js')).detect(io, files, options))
    })

  const disclose = program.command('disclose').description('publish a confirmed network: the disclosure workflow, its report, the archive')
  const workflow = () => import('./commands/disclose-workflow.js')
  const actingUser = (c: Command) =>
    withStorageOptions(
      c.requiredOption('--as <email>', 'the user acting (disclosures belong to a user)').option('--json', 'print the disclosure as JSON'),
    )
  actingUser(
    disclose
      .command('create')
      .description('draft a disclosure from confirmed networks of a server detection run, a `vigil detect` output folder or a live feed')
      .option('--run <id>', 'the server detection run')
      .option('--feed <name>', 'a live feed: --network names its confirmed networks (see confirm-live)')
      .option('--from-detect <dir>', 'a `vigil detect` output folder, imported as a run; its named networks are confirmed by --as')
      .option('--input <dumps...>', 'with --from-detect: the dump(s) the detection read')
      .option('--map <fields>', 'with --from-detect: column mapping of the dump, as for `vigil detect`')
      .requiredOption('--network <ids...>', 'the confirmed network(s), e.g. n1 n3')
      .requiredOption('--title <text>', 'the title of the report')
      .option('--summary <text>', 'the summary')
      .option('--origin <text>', 'where the network came from')
      .option('--target <targets...>', 'whom it targeted')
      .option('--surface <surfaces...>', 'where it was active (default: the run’s platform)')
      .option('--notes <text>', 'how it was found')
      .option('--sample <posts...>', 'ids of sample posts (posts of the networks)')
      .option('--threshold <followers>', 'authors with fewer followers (or none known) are hashed', '5000'),
  ).action(async (options) => setExit(await (await workflow()).discloseCreate(io, options)))
  actingUser(
    disclose
      .command('confirm-live')
      .description("confirm the network a live feed's alert raised: a snapshot of its members, evidence and posts, to disclose")
      .requiredOption('--feed <name>', 'the live feed')
      .requiredOption('--alert <id>', 'the alert that raised the network')
      .option('--note <text>', 'why it is confirmed'),
  ).action(async (options) => setExit(await (await workflow()).discloseConfirmLive(io, options)))
  for (const step of ['submit', 'approve'] as const)
    actingUser(
      disclose
        .command(step)
        .description(
          step === 'submit' ? 'send a draft for review' : 'approve a submitted disclosure (a reviewer other than who prepared it)',
        )
        .argument('<id>', 'the disclosure'),
    ).action(async (id: string, options) => setExit(await (await workflow()).discloseStep(io, step, id, options)))
  actingUser(
    disclose
      .command('publish')
      .description('publish an approved disclosure: its STIX report into a collection, its HTML at its public URL')
      .argument('<id>', 'the disclosure')
      .requiredOption('--collection <collection>', 'the collection (title or id)')
      .requiredOption('--tlp <tlp>', 'clear, green, amber, amber+strict or red'),
  ).action(async (id: string, options) => setExit(await (await workflow()).disclosePublish(io, id, options)))
  actingUser(
    disclose
      .command('withdraw')
      .description('withdraw a disclosure; a published one by a reviewer: its STIX report is revoked, its URL answers 410')
      .argument('<id>', 'the disclosure')
      .requiredOption('--reason <text>', 'why (a withdrawn publication shows it at its public URL)'),
  ).action(async (id: string, options) => setExit(await (await workflow()).discloseWithdraw(io, id, options)))
  actingUser(
    disclose
      .command('report')
      .description('print the public report: a draft preview, or the frozen published copy')
      .argument('<id>', 'the disclosure')
      .option('--format <format>', 'html, markdown or stix', 'html')
      .option('--out <file>', 'write it to a file instead of stdout'),
  ).action(async (id: string, options) => setExit(await (await workflow()).discloseReport(io, id, options)))
  disclose
    .command('archive')
    .description("write a network's researchers' archive: X's tweets.csv and users.csv, small accounts hashed")
    .requiredOption('--from <dir>', 'the `vigil detect` output directory holding networks.json')
    .requiredOption('--dump <files...>', 'the dump file(s) the run read')
    .option('--map <fields>', 'column mapping of the dump, as for `vigil detect`')
    .requiredOption('--network <id>', 'the network to disclose, e.g. n1')
    .requiredOption('--out <file>', 'the zip to write')
    .option('--threshold <followers>', 'accounts with fewer followers (or none known) are hashed', '5000')
    .action(async (options) => setExit(await (await import('./commands/disclose.js')).discloseArchive(io, options)))

  addExchangeCommands(program, admin, io, setExit)

  const requests = program.command('requests').description('the government data-request portal')
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

  const report = program.command('report').description('reports')
  withStorageOptions(
    report
      .command('transparency')
      .description('the transparency report of a half-year')
      .requiredOption('--period <period>', 'the half-year, e.g. 2026-H1')
      .option('--format <format>', 'csv (the Google transparency CSV columns) or json', 'csv')
      .option('--public', 'mask counts from 1 to 9 as <10, as published'),
  ).action(async (options) => setExit(await (await import('./commands/report.js')).transparency(io, options)))

  addLiveCommands(program, io, setExit)

  addPsiCommands(program, io, setExit)

  addTaxiiCommands(program, io, setExit)
  return program
}

/**
 * Runs `vigil` with `argv` (without node and script) and returns the exit code. Errors
 * print one line to stderr; machine output (`--json`) goes to stdout alone.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0
  const program = buildProgram(io, (code) => {
    exitCode = code
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 1 ? 2 : err.exitCode
    const { isVigilError, printableMessage } = await import('@vigil/core')
    if (isVigilError(err)) {
      writeLine(io.stderr, `vigil: ${err.message}`)
      return EXIT_CODES[err.code]
    }
    writeLine(io.stderr, `vigil: unexpected error: ${printableMessage(err instanceof Error ? err.message : String(err))}`)
    return 1
  }
}
