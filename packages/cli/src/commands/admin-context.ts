import type { OrgId } from '@vigil/contracts'
import { type Actor, type SignInDeps, systemActor, VigilError } from '@vigil/core'
import { createAuthDeps, openStore, type PgAuthStore, type VigilDatabase } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

/** What every `vigil admin` command runs with: the identity ports and the CLI's actor. */
export interface AdminContext {
  readonly identity: SignInDeps & { readonly store: PgAuthStore }
  /** Direct administration acts as a named system actor, so the audit log still says who. */
  readonly actor: Actor
  /** The open database, for the other contexts' stores. */
  readonly database: VigilDatabase
}

/** Opens the configured store, which must exist (migrating it when behind), runs `fn`, and closes it again. */
export async function withAdminContext(io: CliIo, options: StorageOptions, fn: (ctx: AdminContext) => Promise<number>): Promise<number> {
  const database = await openStore(configFrom(io, storageFlags(options)), 'update')
  try {
    return await fn({ identity: createAuthDeps(database.db), actor: systemActor('admin-cli'), database })
  } finally {
    await database.close()
  }
}

/** An organisation named by id or by its exact name. */
export async function resolveOrgId(ctx: AdminContext, idOrName: string): Promise<OrgId> {
  const orgs = await ctx.identity.store.listOrgs()
  const org = orgs.find((o) => o.id === idOrName || o.name === idOrName)
  if (!org) throw new VigilError('NOT_FOUND', `no organisation '${idOrName}'`, { org: idOrName })
  return org.id
}

/** Prints `value` as one JSON line, or `human` lines, depending on `--json`. */
export function print(io: CliIo, json: boolean | undefined, value: unknown, human: () => readonly string[]): number {
  if (json) writeLine(io.stdout, JSON.stringify(value))
  else for (const line of human()) writeLine(io.stdout, line)
  return 0
}

/** Reads all of stdin (for `--password-stdin`), without its final newline. */
export async function readStdin(io: CliIo): Promise<string> {
  if (!io.stdin) throw new VigilError('VALIDATION_FAILED', '--password-stdin: no standard input')
  let text = ''
  for await (const chunk of io.stdin) text += String(chunk)
  return text.replace(/\r?\n$/, '')
}
