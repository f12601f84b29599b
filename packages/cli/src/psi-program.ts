import type { Command } from 'commander'
import type { CliRuntime } from './io.js'

/** `vigil psi local|run|key`: private set intersection. Each command's module is imported only when it runs. */
export function addPsiCommands(root: Command, { io, setExit }: CliRuntime): void {
  const psi = root.command('psi').description('private set intersection: find shared selectors without revealing the others')
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
    .option('--key <file>', "your organisation's PSI key file, from `psi key create` (VIGIL_PSI_KEY)")
    .requiredOption('--peer-fingerprint <hex>', "the other organisation's PSI key fingerprint, checked with it out of band")
    .option('--json', 'print the result as JSON')
    .action(async (options) => setExit(await (await import('./commands/psi-run.js')).psiRun(io, options)))
  const key = psi.command('key').description("your organisation's PSI signing key: every PSI message is signed with it")
  key
    .command('create')
    .description('make a key pair, write it to a file (0600) and register the public half; prints its fingerprint')
    .requiredOption('--out <file>', 'where to write the key pair (never overwritten)')
    .option('--server <url>', 'the Vigil server (VIGIL_SERVER_URL)')
    .option('--token <token>', 'your API token (VIGIL_TOKEN)')
    .action(async (options) => setExit(await (await import('./commands/psi-key.js')).psiKeyCreate(io, options)))
  key
    .command('show')
    .description("an organisation's PSI key fingerprint as the server holds it (yours by default)")
    .option('--org <id>', 'the organisation id')
    .option('--server <url>', 'the Vigil server (VIGIL_SERVER_URL)')
    .option('--token <token>', 'your API token (VIGIL_TOKEN)')
    .option('--json', 'print the key as JSON')
    .action(async (options) => setExit(await (await import('./commands/psi-key.js')).psiKeyShow(io, options)))
}
