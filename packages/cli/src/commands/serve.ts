import { startServer } from '@vigil/server'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

export interface ServeOptions extends StorageOptions {
  readonly port?: string
  readonly host?: string
}

/** `vigil serve`: runs until SIGINT/SIGTERM, then closes gracefully and exits 0. */
export async function serve(io: CliIo, options: ServeOptions): Promise<number> {
  const config = configFrom(io, { ...storageFlags(options), VIGIL_PORT: options.port, VIGIL_HOST: options.host })
  const server = await startServer(config, { handleSignals: true, logDestination: io.stderr })
  writeLine(io.stdout, `Vigil is running at ${server.url}  (API docs: ${server.url}/api/docs)`)
  if (server.bootstrapAdmin) {
    // Printed once, to the operator's terminal only; it never reaches the log.
    writeLine(io.stdout, `First start: created the instance admin ${server.bootstrapAdmin.email}`)
    writeLine(io.stdout, `  one-time password: ${server.bootstrapAdmin.password}`)
    writeLine(io.stdout, `  sign in, set up two-factor authentication, then change the password at ${server.url}/account/password`)
  }
  await server.closed
  return 0
}
