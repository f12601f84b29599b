import { isVigilError } from '@vigil/core'
import { VERSION } from '@vigil/server'
import { Command, CommanderError } from 'commander'
import { addAdminCommands } from './admin-program.js'
import { withStorageOptions } from './commands/config-options.js'
import { addExchangeCommands } from './exchange-program.js'
import { EXIT_CODES } from './exit-codes.js'
import type { CliIo } from './io.js'
import { writeLine } from './io.js'
import { addTaxiiCommands } from './taxii-program.js'

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

  addAdminCommands(program, io, setExit)
  const admin = program.commands.find((c) => c.name() === 'admin')
  if (admin) addExchangeCommands(program, admin, io, setExit)
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
    if (isVigilError(err)) {
      writeLine(io.stderr, `vigil: ${err.message}`)
      return EXIT_CODES[err.code]
    }
    writeLine(io.stderr, `vigil: unexpected error: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
}
