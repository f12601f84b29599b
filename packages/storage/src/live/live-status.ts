import { LiveFeedStatus, type OrgId } from '@vigil/contracts'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createLiveAlertStore } from './live-alert-store.js'
import { createLiveFeedStore } from './live-feed-store.js'
import { type connectNats, readPostStreamState } from './post-stream.js'

/**
 * A feed's status: its stream, each consumer's lag from JetStream's consumer info, the
 * message rate over `sampleMs` (the stream read twice; none with 0) and its alerts.
 * @throws VigilError `NOT_FOUND` when the organisation has no such feed.
 */
export async function readLiveFeedStatus(
  deps: { readonly db: Kysely<Database>; readonly nc: Awaited<ReturnType<typeof connectNats>> },
  orgId: OrgId,
  name: string,
  o: { readonly sampleMs: number },
): Promise<LiveFeedStatus> {
  const feed = await createLiveFeedStore(deps.db).get(orgId, name)
  const started = Date.now()
  const first = await readPostStreamState(deps.nc, orgId, name)
  let state = first
  let rate: number | null = null
  if (o.sampleMs > 0) {
    await new Promise((r) => setTimeout(r, o.sampleMs))
    state = await readPostStreamState(deps.nc, orgId, name)
    rate = Math.max(0, state.lastSeq - first.lastSeq) / ((Date.now() - started) / 1000)
  }
  return LiveFeedStatus.parse({
    feed: name,
    partitions: feed.partitions,
    stream: { exists: state.exists, messages: state.messages, bytes: state.bytes, lastAt: state.lastAt },
    consumers: state.consumers,
    messagesPerSecond: rate,
    alerts: await createLiveAlertStore(deps.db).count({ orgId, name }),
  })
}
