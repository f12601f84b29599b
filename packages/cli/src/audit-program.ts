import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

/** `vigil audit verify`: the hash-chained audit log. */
export function addAuditCommands(root: Command, { io, setExit }: CliRuntime): void {
  withStorageOptions(
    root
      .command('audit')
      .description('the hash-chained audit log')
      .command('verify')
      .description('verify the audit chain against the latest signed checkpoint; prints ok N entries or the first broken entry')
      .option('--checkpoint <file>', 'checkpoint file (default: DATA_DIR/audit/checkpoint.json)')
      .option('--json', 'print the result as JSON'),
  ).action(async (options) => setExit(await (await import('./commands/audit-verify.js')).auditVerify(io, options)))
}
