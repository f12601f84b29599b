import type { LiveFeed, OrgId } from '@vigil/contracts'
import { connectNats, openPostStream, type PostStream } from '@vigil/storage'

type NatsConnection = Awaited<ReturnType<typeof connectNats>>

/**
 * The server's one NATS connection, opened on first use (a server without `VIGIL_NATS_URL`
 * answers the live routes with `LIVE_UNAVAILABLE` and everything else as before), and the
 * feeds' post streams it has opened.
 */
export function createLiveNats(url: string | undefined) {
  let connection: Promise<NatsConnection> | undefined
  const streams = new Map<string, Promise<PostStream>>()
  const connected = () => {
    connection ??= connectNats(url).catch((err: unknown) => {
      connection = undefined
      throw err
    })
    return connection
  }
  return {
    connection: connected,
    /** A feed's post stream, created in JetStream on first use (a feed made again under its name has a stream of its own routing). */
    postStream(orgId: OrgId, feed: LiveFeed): Promise<PostStream> {
      const key = `${orgId}/${feed.name}/${feed.createdAt}`
      let stream = streams.get(key)
      if (!stream) {
        stream = connected().then((nc) => openPostStream(nc, orgId, feed))
        stream.catch(() => streams.delete(key))
        streams.set(key, stream)
      }
      return stream
    },
    async close(): Promise<void> {
      const nc = await connection?.catch(() => undefined)
      await nc?.drain()
    },
  }
}
export type LiveNats = ReturnType<typeof createLiveNats>
