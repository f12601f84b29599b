import type { Command } from 'commander'
import type { CliIo } from './io.js'

/** `vigil psi local|run`: private set intersection. Each command's module is imported only when it runs. */
export function addPsiCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const psi = program.command('psi').description('private set intersection: find shared selectors without revealing the others')
  psi
    .command('local')
    .description('run both sides of a PSI session in this process (A initiates, B responds) and print what each learns')
    .argument('<initiator-file>', 'selectors of the initiator, one per line')
    .argument('<responder-file>', 'selectors of the responder, one per line')
    .requiredOption('--kind <kind>', 'selector kind: phone (E.164), email or account (platform:id)')
    .option('--responder-learns <what>', 'nothing (the default) or cardinality (the intersection size)', 'nothing')
    .option('--workers <n>', 'worker threads (default: 2 for large sets, none for small)')
    .option('--json', 'print the result as JSON')
    .action(async (a, b, options) => setExit(await (await import('./commands/psi-local.js')).psiLocal(io, a, b, options)))
  psi
    .command('run')
    .description("run this organisation's half of an accepted PSI session against a Vigil server; selectors stay on this machine")
    .requiredOption('--session <id>', 'the session id')
    .requiredOption('--input <file>', 'your selectors, one per line')
    .option('--server <url>', 'the Vigil server (VIGIL_SERVER_URL)')
    .option('--token <token>', 'your API token (VIGIL_TOKEN)')
    .option('--wait-seconds <n>', 'how long to wait for the other side', '900')
    .option('--json', 'print the result as JSON')
    .action(async (options) => setExit(await (await import('./commands/psi-run.js')).psiRun(io, options)))
}
