import type { Command } from 'commander'
import { withDetectParamsOptions } from './detect-params-options.js'
import type { CliRuntime } from './io.js'
import { addLiveDeliveryCommands } from './live-webhook-program.js'
import { addLiveWorkerCommands } from './live-worker-program.js'
import { withStorageOptions } from './storage-options.js'

const AS = 'act as this user: the feed belongs to its organisation'

/** `vigil live …`: live detection on NATS JetStream. Each command's module is imported only when it runs. */
export function addLiveCommands(root: Command, cli: CliRuntime): void {
  const { io, setExit } = cli
  const live = root.command('live').description('live detection over a stream of posts, on NATS JetStream (VIGIL_NATS_URL)')
  const feed = live.command('feed').description("a feed: a named live detection with `vigil detect`'s parameters")
  withStorageOptions(
    withDetectParamsOptions(
      feed
        .command('create')
        .description('create a feed (audited)')
        .argument('<name>', 'lower-case letters, digits and -')
        .requiredOption('--as <email>', AS)
        .option('--map <fields>', 'column mapping for generic input: field=column,…')
        .option('--signals <list>', 'signals to compute, comma-separated (default: every signal the posts have fields for)'),
    )
      .option('--partitions <n>', 'partitions the keys are routed to', '16')
      .option('--lateness <seconds>', 'how late in event time a post may arrive and still count', '60')
      .option('--json', 'print the feed as JSON'),
  ).action(async (name, options) => setExit(await (await import('./commands/live-feed.js')).feedCreate(io, name, options)))
  withStorageOptions(
    feed
      .command('list')
      .description("the organisation's feeds")
      .requiredOption('--as <email>', AS)
      .option('--json', 'print the feeds as JSON'),
  ).action(async (options) => setExit(await (await import('./commands/live-feed.js')).feedList(io, options)))
  withStorageOptions(
    feed
      .command('delete')
      .description('delete a feed (audited); its stream stays in NATS')
      .argument('<name>')
      .requiredOption('--as <email>', AS)
      .option('--json', 'print the result as JSON'),
  ).action(async (name, options) => setExit(await (await import('./commands/live-feed.js')).feedDelete(io, name, options)))
  withStorageOptions(
    live
      .command('publish')
      .description("replay dumps into a feed's stream, read as `vigil detect` reads them; progress on stderr")
      .argument('<files...>', 'dump files (CSV or NDJSON; gzip is read transparently)')
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--as <email>', AS)
      .option('--map <fields>', 'column mapping for generic input: field=column,…')
      .option('--speed <factor>', "keep the dump's own pace, this many times faster (60 plays an hour in a minute)")
      .option('--rate <posts>', 'posts per second (default: as fast as possible)')
      .option('--json', 'print the summary as JSON'),
  ).action(async (files, options) => setExit(await (await import('./commands/live-publish.js')).livePublish(io, files, options)))
  addLiveWorkerCommands(live, cli)
  addLiveDeliveryCommands(live, cli)
  withStorageOptions(
    live
      .command('status')
      .description("a feed's stream, live workers, each partition's lag, owner, commit, late and rejected counts, messages/s and alerts")
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--as <email>', AS)
      .option('--json', 'print the status as JSON'),
  ).action(async (options) => setExit(await (await import('./commands/live-feed.js')).liveStatus(io, options)))
}
