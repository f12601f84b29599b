import { SyncResult } from '@vigil/contracts'
import { type Actor, actorFor, pullCollection, pushCollection, refusePrincipal, systemActor, systemClock, VigilError } from '@vigil/core'
import {
  createAuthDeps,
  createExchangeStore,
  createSyncStateStore,
  createTaxiiClient,
  createTaxiiStore,
  exchangeLocalCollection,
  openStore,
  remoteCollection,
  type VigilDatabase,
} from '@vigil/storage'
import type { CliIo } from '../io.js'
import { print } from './admin-context.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'
import { type CredentialOptions, readCredentials } from './taxii-credentials.js'

interface SyncOptions extends StorageOptions, CredentialOptions {
  readonly url: string
  readonly collection: string
  readonly as?: string
  readonly json?: boolean
  readonly limit: number
}

// The local actor: a named user (whose rights and markings then apply), or the instance.
async function localActor(database: VigilDatabase, email: string | undefined): Promise<Actor> {
  if (!email) return systemActor('taxii-cli')
  const identity = createAuthDeps(database.db)
  const user = await identity.store.findUserByEmail(email.trim().toLowerCase())
  const org = user ? await identity.store.findOrg(user.orgId) : undefined
  if (!user || !org) throw new VigilError('NOT_FOUND', `--as: no user '${email}'`, { email })
  const refusal = refusePrincipal({ user, org })
  if (refusal) throw new VigilError('AUTH_FORBIDDEN', `--as: ${email} may not act (${refusal})`, { email })
  return actorFor({ user, org }, 'cli')
}

async function withSync(
  io: CliIo,
  o: SyncOptions,
  localCollection: string,
  run: (deps: Parameters<typeof pullCollection>[0], actor: Actor, collectionId: string) => Promise<SyncResult>,
): Promise<number> {
  if (!/^https?:\/\//.test(o.url) || !URL.canParse(o.url))
    throw new VigilError('VALIDATION_FAILED', `--url: expected an http(s) API root URL, got '${o.url}'`)
  const credentials = await readCredentials(io, o)
  const client = createTaxiiClient({ apiRootUrl: o.url, credentials })
  const database = await openStore(configFrom(io, storageFlags(o)), 'update')
  try {
    const actor = await localActor(database, o.as)
    const exchange = createExchangeStore(database.db)
    const collection = await exchange.getCollection(actor, localCollection)
    const deps = {
      remote: remoteCollection(client, o.collection),
      local: exchangeLocalCollection(createTaxiiStore(database.db, exchange, systemClock)),
      state: createSyncStateStore(database.db),
    }
    const result = SyncResult.parse(await run(deps, actor, collection.id))
    return print(io, o.json, result, () => [
      `${result.objects} object(s) in ${result.pages} page(s): ${result.succeeded} stored, ${result.failed} failed, ${result.pending} pending.`,
      ...(result.resumeFrom ? [`The next run resumes from ${result.resumeFrom}.`] : []),
    ])
  } finally {
    await database.close()
  }
}

/** `vigil taxii pull --url API_ROOT --collection REMOTE_ID --into LOCAL` */
export function pullCommand(io: CliIo, o: SyncOptions & { readonly into: string }): Promise<number> {
  return withSync(io, o, o.into, (deps, actor, id) => pullCollection(deps, actor, id, { limit: o.limit }))
}

/** `vigil taxii push --from LOCAL --url API_ROOT --collection REMOTE_ID` */
export function pushCommand(io: CliIo, o: SyncOptions & { readonly from: string }): Promise<number> {
  return withSync(io, o, o.from, (deps, actor, id) => pushCollection(deps, actor, id, { batch: o.limit }))
}
