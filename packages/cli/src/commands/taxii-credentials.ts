import { VigilError } from '@vigil/core'
import type { TaxiiCredentials } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { readStdin } from './admin-context.js'

/** The credential flags of `vigil taxii pull|push`. */
export interface CredentialOptions {
  readonly user?: string
  readonly passwordStdin?: boolean
  readonly tokenEnv?: string
}

/**
 * Credentials for a remote TAXII server, never from the command line itself (it shows in
 * `ps` and shell history): `--user U --password-stdin` is HTTP Basic; `--token-env VAR`
 * is a Bearer token, or Basic with `--user` (Vigil takes e-mail + API token that way).
 */
export async function readCredentials(io: CliIo, o: CredentialOptions): Promise<TaxiiCredentials> {
  if (o.passwordStdin && o.tokenEnv) throw new VigilError('VALIDATION_FAILED', 'give either --password-stdin or --token-env, not both')
  if (o.passwordStdin) {
    if (!o.user) throw new VigilError('VALIDATION_FAILED', '--password-stdin needs --user')
    const password = await readStdin(io)
    if (!password) throw new VigilError('VALIDATION_FAILED', '--password-stdin: standard input was empty')
    return { kind: 'basic', user: o.user, password }
  }
  if (o.tokenEnv) {
    const token = io.env[o.tokenEnv]
    if (!token) throw new VigilError('VALIDATION_FAILED', `--token-env: ${o.tokenEnv} is not set`)
    return o.user ? { kind: 'basic', user: o.user, password: token } : { kind: 'bearer', token }
  }
  if (o.user) throw new VigilError('VALIDATION_FAILED', '--user needs --password-stdin or --token-env')
  return { kind: 'none' }
}
