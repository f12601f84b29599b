import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

/** `vigil disclose …`: the disclosure workflow, its public report, the researchers' archive. */
export function addDiscloseCommands(root: Command, { io, setExit }: CliRuntime): void {
  const disclose = root.command('disclose').description('publish a confirmed network: the disclosure workflow, its report, the archive')
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
}
