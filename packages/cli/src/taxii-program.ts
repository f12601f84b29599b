import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

const positive = (value: string): number => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`expected a whole number from 1 to 10000, got '${value}'`)
  return n
}

/** `vigil taxii pull|push`: federation with another TAXII 2.1 server, straight on the configured database. */
export function addTaxiiCommands(root: Command, { io, setExit }: CliRuntime): void {
  const taxii = root.command('taxii').description('exchange objects with another TAXII 2.1 server')
  const sync = () => import('./commands/taxii-sync.js')
  const common = (command: Command) =>
    withStorageOptions(
      command
        .requiredOption('--url <url>', 'the remote API root, e.g. https://peer.example.org/taxii2/vigil/')
        .requiredOption('--collection <id>', 'the remote collection id')
        .option('--user <user>', 'HTTP Basic user (for Vigil: the e-mail address)')
        .option('--password-stdin', 'read the Basic password (or API token) from standard input')
        .option('--token-env <var>', 'read the API token from this environment variable (Bearer, or Basic with --user)')
        .option('--as <email>', 'act locally as this user (default: the instance, which sees CLEAR and GREEN only)')
        .option('--json', 'print the result as JSON'),
    )
  common(taxii.command('pull').description('add the objects of a remote collection to a local one, resuming where the last pull stopped'))
    .requiredOption('--into <collection>', 'the local collection (id or title)')
    .option('--limit <n>', 'objects per page', positive, 500)
    .action(async (o) => setExit(await (await sync()).pullCommand(io, o)))
  common(taxii.command('push').description('send the objects of a local collection to a remote one, only those added since the last push'))
    .requiredOption('--from <collection>', 'the local collection (id or title)')
    .option('--limit <n>', 'objects read per batch', positive, 500)
    .action(async (o) => setExit(await (await sync()).pushCommand(io, o)))
}
