import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

/** `vigil serve` and `vigil migrate`: run the instance, and bring its schema up to date. */
export function addInstanceCommands(root: Command, { io, setExit }: CliRuntime): void {
  withStorageOptions(
    root
      .command('serve')
      .description('run the HTTP API, TAXII 2.1 server and web UI')
      .option('--port <port>', 'port to listen on (VIGIL_PORT, default 8080)')
      .option('--host <host>', 'address to listen on (VIGIL_HOST, default 127.0.0.1)'),
  ).action(async (options) => setExit(await (await import('./commands/serve.js')).serve(io, options)))

  withStorageOptions(
    root.command('migrate').description('bring the database schema up to date').option('--json', 'print the result as JSON'),
  ).action(async (options) => setExit(await (await import('./commands/migrate.js')).migrate(io, options)))
}
