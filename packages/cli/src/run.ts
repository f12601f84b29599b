import { createRequire } from 'node:module'
import { Command, CommanderError } from 'commander'
import { addAuditCommands } from './audit-program.js'
import { addAuthCommands } from './auth-program.js'
import { addDetectCommands } from './detect-program.js'
import { addDiscloseCommands } from './disclose-program.js'
import { addExchangeAdminCommands, addExchangeCommands } from './exchange-program.js'
import { EXIT_CODES } from './exit-codes.js'
import { addInstanceCommands } from './instance-program.js'
import type { CliIo, CliRuntime } from './io.js'
import { writeLine } from './io.js'
import { addLiveCommands } from './live-program.js'
import { addPsiCommands } from './psi-program.js'
import { addRequestsCommands } from './requests-program.js'
import { addTaxiiCommands } from './taxii-program.js'

// Only commander and the command tree load before a command runs: `--help` and the first
// output of `detect` must not wait for the libraries the commands use.
const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version

/**
 * Builds the command tree from each context's `*-program.ts`; each command's module is
 * imported only when it runs.
 */
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

  // Each context hangs its commands under the parent given here, in the order `--help` lists
  // them; `admin` gathers the administration of several contexts.
  const cli: CliRuntime = { io, setExit }
  addInstanceCommands(program, cli)
  const admin = program.command('admin').description('manage organisations, users and API tokens on the configured database')
  addAuthCommands(admin, cli)
  addAuditCommands(program, cli)
  addDetectCommands(program, cli)
  addDiscloseCommands(program, cli)
  addExchangeCommands(program, cli)
  addExchangeAdminCommands(admin, cli)
  addRequestsCommands(program, cli)
  addLiveCommands(program, cli)
  addPsiCommands(program, cli)
  addTaxiiCommands(program, cli)
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
    const { isVigilError, printableMessage } = await import('@vigil/core')
    if (isVigilError(err)) {
      writeLine(io.stderr, `vigil: ${err.message}`)
      return EXIT_CODES[err.code]
    }
    writeLine(io.stderr, `vigil: unexpected error: ${printableMessage(err instanceof Error ? err.message : String(err))}`)
    return 1
  }
}
