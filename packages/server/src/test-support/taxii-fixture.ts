import { randomUUID } from 'node:crypto'
import { TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { systemActor, TLP2_MARKING_IDS } from '@vigil/core'
import { createExchangeStore, type ExchangeStore, type VigilDatabase } from '@vigil/storage'
import { type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import type { VigilApp } from '../app.js'
import { listenOnFreePort } from './listen.js'
import { buildTestApp } from './test-app.js'

/** A response read whole: status, headers and the parsed body (undefined when empty). */
export interface TaxiiAnswer {
  readonly status: number
  readonly headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: tests read the TAXII bodies loosely and check them with the contracts' schemas
  readonly body: any
}

/** A Vigil server listening on a free port, with its exchange store and a way to seed users. */
export interface TaxiiServer {
  readonly app: VigilApp
  readonly base: string
  readonly root: string
  readonly exchange: ExchangeStore
  seedUser(roles?: Parameters<typeof seedUser>[1]['roles'], org?: SeededUser['org']): Promise<SeededUser>
  /** Creates a collection as the instance admin; returns its id. */
  collection(read: { everyone?: boolean; orgIds?: string[] }, write: { orgIds?: string[] }): Promise<string>
  call(method: string, path: string, user: SeededUser | null, body?: unknown): Promise<TaxiiAnswer>
  close(): Promise<void>
}

/** Starts the real app on a port over `database` (the caller closes the database). */
export async function startTaxiiServer(database: VigilDatabase, env: Record<string, string> = {}): Promise<TaxiiServer> {
  const identity = testAuthDeps(database)
  const app = await buildTestApp(database, { identity, env })
  const base = await listenOnFreePort(app)
  const exchange = createExchangeStore(database.db)
  return {
    app,
    base,
    root: `${base}/taxii2/vigil/`,
    exchange,
    seedUser: (roles = ['analyst'], org) => seedUser(identity, { roles, ...(org ? { org } : {}) }),
    async collection(read, write) {
      const c = await exchange.createCollection(
        systemActor('test-admin'),
        { title: `c-${randomUUID().slice(0, 8)}`, read, write },
        new Date(),
      )
      return c.id
    },
    async call(method, path, user, body) {
      const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE }
      if (user) headers.authorization = `Bearer ${user.token}`
      if (body !== undefined) headers['content-type'] = TAXII_MEDIA_TYPE
      const res = await fetch(path.startsWith('http') ? path : `${base}/taxii2/vigil/${path}`, {
        method,
        headers,
        // A string is sent as it is: JSON texts no JSON.stringify could produce (5,000 levels deep).
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      })
      const text = await res.text()
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
    },
    close: () => app.close(),
  }
}

/** A valid STIX 2.1 campaign, marked with a TLP 2.0 level when one is given. */
export function campaign(options: { id?: string; modified?: string; tlp?: keyof typeof TLP2_MARKING_IDS; name?: string } = {}) {
  const modified = options.modified ?? '2026-01-01T00:00:00.000Z'
  return {
    type: 'campaign',
    spec_version: '2.1',
    id: options.id ?? `campaign--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    name: options.name ?? 'Operation Branistan',
    ...(options.tlp ? { object_marking_refs: [TLP2_MARKING_IDS[options.tlp]] } : {}),
  }
}
