import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import type { OrgId } from '@vigil/contracts'
import { postStreamOf } from './post-stream.js'

/** The names of a feed's JetStream objects: its post stream, lease bucket (with a TTL) and state bucket. */
export function liveNamesOf(orgId: OrgId, feed: string) {
  const { stream, subject, partitionSubject } = postStreamOf(orgId, feed)
  return { stream, subject, partitionSubject, leases: `${stream}_LEASES`, state: `${stream}_STATE`, consumer: (p: number) => `p${p}` }
}

/** Removes a feed's JetStream objects (stream, consumers, buckets): for deleting a feed and for tests. */
export async function deleteLiveFeedStreams(nc: NatsConnection, orgId: OrgId, feed: string): Promise<void> {
  const names = liveNamesOf(orgId, feed)
  const jsm = await jetstreamManager(nc)
  for (const stream of [names.stream, `KV_${names.leases}`, `KV_${names.state}`]) {
    await jsm.streams.delete(stream).catch(() => false)
  }
}
