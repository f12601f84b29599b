import {
  ApiRoot,
  Discovery,
  Envelope,
  type EnvelopeObject,
  Manifest,
  TAXII_MEDIA_TYPE,
  TaxiiCollection,
  TaxiiCollections,
  TaxiiError,
  TaxiiStatus,
  Versions,
} from '@vigil/contracts'
import { parseInput, type RemoteCollection, type RemotePage, VigilError } from '@vigil/core'
import { z } from 'zod'

/** How the client proves who it is: HTTP Basic (user + password or API token) or a Bearer token. */
export type TaxiiCredentials =
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'none' }

export interface TaxiiClientOptions {
  /** The API root, e.g. `https://vigil.example.org/taxii2/vigil/`. */
  readonly apiRootUrl: string
  readonly credentials: TaxiiCredentials
  /** Per request; 60 s by default. */
  readonly timeoutMs?: number
  /** The largest response body read, in bytes; 64 MiB by default. */
  readonly maxResponseBytes?: number
  readonly fetch?: typeof fetch
}

/** Filters of a GET on objects or the manifest (TAXII 2.1 §3.4, §3.5). */
export interface ObjectsQuery {
  readonly addedAfter?: string
  readonly next?: string
  readonly limit?: number
  readonly match?: Readonly<Partial<Record<'id' | 'type' | 'version' | 'spec_version', string>>>
}

/** A page of objects with the date-added range from its headers. */
export interface ObjectsPage {
  readonly envelope: Envelope
  readonly dateAddedFirst?: string
  readonly dateAddedLast?: string
}

type TaxiiClient = ReturnType<typeof createTaxiiClient>

export type { TaxiiClient }

/**
 * A TAXII 2.1 client over `fetch`: every request sends the TAXII media type, every answer
 * is checked against the contracts' schemas, and an error answer becomes one
 * `TAXII_REMOTE_FAILED` naming the remote's status and TAXII error description.
 *
 * @example
 * const client = createTaxiiClient({ apiRootUrl: 'https://peer.example/taxii2/vigil/', credentials: { kind: 'bearer', token } })
 * const { collections } = await client.collections()
 */
export function createTaxiiClient(options: TaxiiClientOptions) {
  const root = options.apiRootUrl.endsWith('/') ? options.apiRootUrl : `${options.apiRootUrl}/`
  const doFetch = options.fetch ?? fetch
  const maxBytes = options.maxResponseBytes ?? 64 * 1024 * 1024
  const authorization = authorizationOf(options.credentials)

  async function request<T extends z.ZodType>(
    schema: T,
    url: string,
    init: { method?: string; body?: string } = {},
  ): Promise<{ body: z.infer<T>; headers: Headers }> {
    const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE, ...(authorization ? { authorization } : {}) }
    if (init.body !== undefined) headers['content-type'] = TAXII_MEDIA_TYPE
    let res: Response
    try {
      res = await doFetch(url, { ...init, headers, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000), redirect: 'error' })
    } catch (err) {
      throw new VigilError('TAXII_REMOTE_FAILED', `${url}: ${err instanceof Error ? err.message : String(err)}`, { url }, { cause: err })
    }
    const text = await readCapped(res, maxBytes, url)
    const json = parseJson(text)
    if (!res.ok) {
      const error = TaxiiError.safeParse(json)
      const why = error.success ? (error.data.description ?? error.data.title) : text.slice(0, 200)
      throw new VigilError('TAXII_REMOTE_FAILED', `${url}: ${res.status} ${why}`, {
        url,
        status: res.status,
        ...(error.success ? { error: error.data } : {}),
      })
    }
    const body = parseInput(schema, json, {
      code: 'TAXII_REMOTE_FAILED',
      path: 'json-pointer',
      prefix: `${url}: not a TAXII answer: `,
      details: { url },
    })
    return { body, headers: res.headers }
  }

  const collectionUrl = (id: string) => `${root}collections/${encodeURIComponent(id)}/`
  const objectsUrl = (id: string, path: string, q: ObjectsQuery) => `${collectionUrl(id)}${path}${queryString(q)}`

  return {
    apiRootUrl: root,
    discovery: async (serverUrl: string) => (await request(Discovery, serverUrl)).body,
    apiRoot: async () => (await request(ApiRoot, root)).body,
    collections: async () => (await request(TaxiiCollections, `${root}collections/`)).body,
    collection: async (id: string) => (await request(TaxiiCollection, collectionUrl(id))).body,
    async getObjects(id: string, query: ObjectsQuery = {}): Promise<ObjectsPage> {
      const { body, headers } = await request(Envelope, objectsUrl(id, 'objects/', query))
      return { envelope: body, ...dateAddedRange(headers) }
    },
    async getObject(id: string, objectId: string, query: ObjectsQuery = {}): Promise<ObjectsPage> {
      const { body, headers } = await request(Envelope, objectsUrl(id, `objects/${encodeURIComponent(objectId)}/`, query))
      return { envelope: body, ...dateAddedRange(headers) }
    },
    addObjects: async (id: string, objects: readonly EnvelopeObject[]) =>
      (await request(TaxiiStatus, `${collectionUrl(id)}objects/`, { method: 'POST', body: JSON.stringify({ objects }) })).body,
    deleteObject: async (id: string, objectId: string, query: ObjectsQuery = {}) => {
      // TAXII 2.1 §5.8: a successful DELETE answers 200 with no body.
      await request(z.unknown(), objectsUrl(id, `objects/${encodeURIComponent(objectId)}/`, query), { method: 'DELETE' })
    },
    versions: async (id: string, objectId: string, query: ObjectsQuery = {}) =>
      (await request(Versions, objectsUrl(id, `objects/${encodeURIComponent(objectId)}/versions/`, query))).body,
    manifest: async (id: string, query: ObjectsQuery = {}) => (await request(Manifest, objectsUrl(id, 'manifest/', query))).body,
    status: async (statusId: string) => (await request(TaxiiStatus, `${root}status/${encodeURIComponent(statusId)}/`)).body,
  }
}

/**
 * One remote collection as federation's pull and push see it (the core port).
 *
 * @example
 * await pullCollection({ remote: remoteCollection(client, 'c1'), local, state }, actor, 'tips', { limit: 500 })
 */
export function remoteCollection(client: TaxiiClient, collectionId: string): RemoteCollection {
  let maxLength: number | undefined
  return {
    key: `${client.apiRootUrl}collections/${collectionId}/`,
    async getObjects(query): Promise<RemotePage> {
      const page = await client.getObjects(collectionId, query)
      return { envelope: page.envelope, ...(page.dateAddedLast ? { dateAddedLast: page.dateAddedLast } : {}) }
    },
    addObjects: (objects) => client.addObjects(collectionId, objects),
    async maxContentLength() {
      maxLength ??= (await client.apiRoot()).max_content_length
      return maxLength
    },
  }
}

function authorizationOf(c: TaxiiCredentials): string | undefined {
  if (c.kind === 'basic') return `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`
  if (c.kind === 'bearer') return `Bearer ${c.token}`
  return undefined
}

function queryString(q: ObjectsQuery): string {
  const params = new URLSearchParams()
  if (q.addedAfter) params.set('added_after', q.addedAfter)
  if (q.limit !== undefined) params.set('limit', String(q.limit))
  if (q.next) params.set('next', q.next)
  for (const [field, value] of Object.entries(q.match ?? {})) if (value !== undefined) params.set(`match[${field}]`, value)
  const s = params.toString()
  return s ? `?${s}` : ''
}

function dateAddedRange(headers: Headers): { dateAddedFirst?: string; dateAddedLast?: string } {
  const first = headers.get('x-taxii-date-added-first')
  const last = headers.get('x-taxii-date-added-last')
  return { ...(first ? { dateAddedFirst: first } : {}), ...(last ? { dateAddedLast: last } : {}) }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

// A remote could answer without end; stop reading past the cap instead of filling memory.
async function readCapped(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel()
    throw new VigilError('TAXII_REMOTE_FAILED', `${url}: the answer is larger than ${maxBytes} bytes`, { url })
  }
  if (!res.body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = res.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      throw new VigilError('TAXII_REMOTE_FAILED', `${url}: the answer is larger than ${maxBytes} bytes`, { url })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
