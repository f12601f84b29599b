import type { DetectedNetwork, DetectRun, NetworksFile, OrgId, UserId } from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { DisclosurePost } from './redact-post.js'

/** A confirmed live network as stored; `number` gives its id, `n<number>`. */
export interface LiveNetworkRecord {
  readonly number: number
  readonly orgId: OrgId
  readonly feed: string
  readonly alert: number | null
  /** The network at confirmation, under its own id. */
  readonly network: DetectedNetwork
  /** The feed's detection parameters and counts at confirmation (what a STIX bundle names). */
  readonly run: DetectRun
  readonly posts: number
  readonly note: string
  readonly confirmedBy: string
  readonly confirmedAt: Date
}

/** What confirming a live network needs: the alert, the feed's detection now, its posts, the store. */
export interface LiveNetworkDeps {
  /** The network an alert of the organisation's feed raised; `undefined` for an unknown alert. */
  readonly alertNetwork: (orgId: OrgId, feed: string, alert: number) => Promise<DetectedNetwork | undefined>
  /** The feed's networks as its live state gives them now. @throws VigilError `NOT_FOUND` for an unknown feed */
  readonly currentNetworks: (orgId: OrgId, feed: string) => Promise<NetworksFile>
  /** The posts of `accounts` in the feed's stream. */
  readonly feedPosts: (orgId: OrgId, feed: string, accounts: ReadonlySet<string>) => Promise<DisclosurePost[]>
  readonly store: LiveNetworkStore
}

/** Confirmed live networks and their posts. */
export interface LiveNetworkStore {
  /** Stores the snapshot and its posts with the audit entry, in one transaction; returns its number (the network's id is rewritten to it). */
  insert(
    record: Omit<LiveNetworkRecord, 'number' | 'confirmedBy'> & { readonly userId: UserId },
    posts: readonly DisclosurePost[],
    audit: AuditEvent,
    now: Date,
  ): Promise<number>
  /** The organisation's confirmed networks of a feed, newest first; with `ids`, only those. */
  list(orgId: OrgId, feed: string, ids?: readonly string[]): Promise<LiveNetworkRecord[]>
  /** The posts of the named confirmed networks, each once. */
  posts(orgId: OrgId, feed: string, ids: readonly string[]): Promise<DisclosurePost[]>
}

/** The id a confirmed live network is known by. */
export const liveNetworkId = (number: number) => `n${number}`
