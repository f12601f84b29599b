import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

const AS = 'act as this user: the feed belongs to its organisation'

/**
 * `vigil live webhook add|list|delete` and `vigil live stix`, added to the `live` command
 * (made in live-program.ts): where a feed's alerts go. Each command's module is imported
 * only when it runs.
 */
export function addLiveDeliveryCommands(live: Command, { io, setExit }: CliRuntime): void {
  const webhook = live
    .command('webhook')
    .description("a feed's webhook endpoints: each alert is POSTed as JSON, signed with HMAC-SHA-256, retried with backoff")
  const run = async () => import('./commands/live-webhook.js')
  withStorageOptions(
    webhook
      .command('add')
      .description('register an endpoint (audited); prints its signing secret once')
      .argument('<url>', 'https:// (http://127.0.0.1 only with VIGIL_LIVE_WEBHOOK_LOOPBACK)')
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--as <email>', AS)
      .option('--description <text>', 'what the endpoint is, at most 200 characters')
      .option('--secret-stdin', 'read the signing secret (at least 32 characters) from stdin instead of generating one')
      .option('--json', 'print the webhook, with its secret, as JSON'),
  ).action(async (url, options) => setExit(await (await run()).webhookAdd(io, url, options)))
  withStorageOptions(
    webhook
      .command('list')
      .description("the feed's endpoints (never their secrets)")
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--as <email>', AS)
      .option('--json', 'print the webhooks as JSON'),
  ).action(async (options) => setExit(await (await run()).webhookList(io, options)))
  withStorageOptions(
    webhook
      .command('delete')
      .description('delete an endpoint (audited); its queued deliveries are dropped')
      .argument('<id>', 'the webhook id (see list)')
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--as <email>', AS)
      .option('--json', 'print the result as JSON'),
  ).action(async (id, options) => setExit(await (await run()).webhookDelete(io, id, options)))
  withStorageOptions(
    live
      .command('stix')
      .description("show, set (audited) or stop publishing each alert's network as STIX into an exchange collection")
      .requiredOption('--feed <name>', 'the feed')
      .requiredOption('--as <email>', `${AS}; publications act as this user`)
      .option('--collection <id>', 'the collection to publish into (one the user may write)')
      .option('--tlp <tlp>', 'clear, green, amber, amber+strict or red')
      .option('--off', 'stop publishing')
      .option('--json', 'print the setting as JSON'),
  ).action(async (options) => setExit(await (await run()).liveStix(io, options)))
}
