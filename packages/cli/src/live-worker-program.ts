import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

/**
 * `vigil live worker|export`, added to the `live` command (made in live-program.ts). Each
 * command's module is imported only when it runs.
 */
export function addLiveWorkerCommands(live: Command, { io, setExit }: CliRuntime): void {
  withStorageOptions(
    live
      .command('worker')
      .description("run a live worker: take a fair share of the feed's partitions and detect as posts arrive (stops on SIGINT/SIGTERM)")
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--org <id-or-name>', 'the organisation the feed belongs to')
      .option('--nats-url <url>', 'the NATS server(s), comma-separated (VIGIL_NATS_URL)')
      .option('--lease-seconds <n>', 'how long a partition lease lives without a heartbeat (default 10)')
      .option(
        '--role <role>',
        "all: partitions and the feed's networks and alerts; partitions: only partitions; aggregator: only networks and alerts, on a loop of its own",
        'all',
      )
      .option('--drain', "stop once every partition has caught up with the feed's stream"),
  ).action(async (options) => setExit(await (await import('./commands/live-worker.js')).liveWorker(io, options)))
  withStorageOptions(
    live
      .command('export')
      .description(
        "write the feed's live detection as `vigil detect` writes its outputs (networks.json, edges/, accounts.csv, report.html)",
      )
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--org <id-or-name>', 'the organisation the feed belongs to')
      .requiredOption('--out <dir>', 'output directory'),
  ).action(async (options) => setExit(await (await import('./commands/live-export.js')).liveExport(io, options)))
}
