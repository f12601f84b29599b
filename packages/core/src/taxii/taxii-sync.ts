import type { EnvelopeObject, SyncResult } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { VigilError } from '../shared/errors.js'
import type { LocalCollection, RemoteCollection, SyncStateStore } from './taxii-ports.js'

export interface SyncDeps {
  readonly remote: RemoteCollection
  readonly local: LocalCollection
  readonly state: SyncStateStore
}

// Running counts of a pull or push.
function tally() {
  const t = {
    pages: 0,
    objects: 0,
    succeeded: 0,
    failed: 0,
    pending: 0,
    count(succeeded: number, failed: number, pending: number) {
      t.succeeded += succeeded
      t.failed += failed
      t.pending += pending
    },
    result: (resumeFrom: string | null): SyncResult => ({
      pages: t.pages,
      objects: t.objects,
      succeeded: t.succeeded,
      failed: t.failed,
      pending: t.pending,
      resumeFrom,
    }),
  }
  return t
}

// A runaway remote (a `next` that never ends) stops here rather than looping forever.
const MAX_PAGES = 100_000

/**
 * `vigil taxii pull`: reads a remote collection page by page, oldest first, and stores each
 * page into `localCollection` as `actor`, keeping the objects (and so their markings) as
 * they are. After each page the remote's `X-TAXII-Date-Added-Last` is saved, so an
 * interrupted pull resumes with `added_after` where it stopped (TAXII 2.1 §3.4).
 *
 * @example
 * const r = await pullCollection({ remote, local, state }, actor, 'tips', { limit: 500 })
 */
export async function pullCollection(
  deps: SyncDeps,
  actor: Actor,
  localCollection: string,
  options: { readonly limit: number },
): Promise<SyncResult> {
  const key = { direction: 'pull', remote: deps.remote.key, local: localCollection } as const
  let addedAfter = await deps.state.get(key)
  let next: string | undefined
  const t = tally()
  for (;;) {
    if (++t.pages > MAX_PAGES) throw new VigilError('TAXII_REMOTE_FAILED', `the remote collection did not end after ${MAX_PAGES} pages`)
    const page = await deps.remote.getObjects({ ...(addedAfter ? { addedAfter } : {}), ...(next ? { next } : {}), limit: options.limit })
    const received = page.envelope.objects ?? []
    t.objects += received.length
    if (received.length > 0) {
      const outcome = await deps.local.addObjects(actor, localCollection, received)
      t.count(outcome.successes.length, outcome.failures.length, outcome.pendings.length)
    }
    // Objects that failed here fail again on a retry, so the state moves past them too.
    const advanced = page.dateAddedLast !== undefined && page.dateAddedLast !== addedAfter
    if (page.dateAddedLast !== undefined && advanced) await deps.state.set(key, page.dateAddedLast)
    if (!page.envelope.more || received.length === 0) {
      return t.result(page.dateAddedLast ?? addedAfter ?? null)
    }
    if (page.envelope.next) next = page.envelope.next
    else if (advanced) addedAfter = page.dateAddedLast
    else throw new VigilError('TAXII_REMOTE_FAILED', 'the remote said more objects follow but gave neither next nor a later date added')
  }
}

const ENVELOPE_OVERHEAD = '{"objects":[]}'.length

// Core has no TextEncoder (no DOM or Node types); JSON.stringify yields well-formed UTF-16.
function utf8Length(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/** Splits objects into envelopes whose JSON fits `maxBytes`; objects too large alone are returned apart. */
export function packEnvelopes(
  objects: readonly EnvelopeObject[],
  maxBytes: number,
): { readonly envelopes: readonly (readonly EnvelopeObject[])[]; readonly tooLarge: readonly EnvelopeObject[] } {
  const envelopes: EnvelopeObject[][] = []
  const tooLarge: EnvelopeObject[] = []
  let current: EnvelopeObject[] = []
  let size = ENVELOPE_OVERHEAD
  for (const object of objects) {
    const bytes = utf8Length(JSON.stringify(object))
    if (ENVELOPE_OVERHEAD + bytes > maxBytes) {
      tooLarge.push(object)
      continue
    }
    const added = bytes + (current.length > 0 ? 1 : 0)
    if (size + added > maxBytes) {
      envelopes.push(current)
      current = []
      size = ENVELOPE_OVERHEAD
    }
    size += bytes + (current.length > 0 ? 1 : 0)
    current.push(object)
  }
  if (current.length > 0) envelopes.push(current)
  return { envelopes, tooLarge }
}

/**
 * `vigil taxii push`: sends what `actor` may read of `localCollection` to a remote
 * collection, in envelopes that fit the remote's `max_content_length`, and saves the local
 * cursor after each batch so the next run sends only what was added since.
 *
 * @example
 * const r = await pushCollection({ remote, local, state }, actor, 'tips', { batch: 500 })
 */
export async function pushCollection(
  deps: SyncDeps,
  actor: Actor,
  localCollection: string,
  options: { readonly batch: number },
): Promise<SyncResult> {
  const key = { direction: 'push', remote: deps.remote.key, local: localCollection } as const
  let cursor = await deps.state.get(key)
  const maxBytes = await deps.remote.maxContentLength()
  const t = tally()
  for (;;) {
    const batch = await deps.local.readObjects(actor, localCollection, { ...(cursor ? { after: cursor } : {}), limit: options.batch })
    if (batch.objects.length === 0) return t.result(cursor ?? null)
    t.objects += batch.objects.length
    const { envelopes, tooLarge } = packEnvelopes(batch.objects, maxBytes)
    t.count(0, tooLarge.length, 0)
    for (const envelope of envelopes) {
      t.pages++
      const status = await deps.remote.addObjects(envelope)
      t.count(status.success_count, status.failure_count, status.pending_count)
    }
    if (batch.cursor === undefined || batch.cursor === cursor) return t.result(cursor ?? null)
    cursor = batch.cursor
    await deps.state.set(key, cursor)
  }
}
