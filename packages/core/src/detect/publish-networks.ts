import {
  type DetectedNetwork,
  type IngestResult,
  type NetworksFile,
  type OrgId,
  PublishableTriageStatus,
  type PublishNetworksInput,
  type PublishPreview,
  type StixObject,
  type Tlp,
  type TriageStatus,
} from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { buildNetworkBundle, type NetworkBundle } from '../exchange/network-bundle.js'
import { VigilError } from '../shared/errors.js'

/** Who may read a collection, by name, as publishing shows it. */
export interface CollectionAudience {
  readonly title: string
  readonly everyone: boolean
  readonly orgs: readonly string[]
  readonly groups: readonly string[]
}

/** One network's part in a publication: the allowlisted accounts left out of it. */
export interface PublishedNetwork {
  readonly networkId: string
  readonly leftOut: readonly string[]
}

/** What publishing networks needs: the run's results and decisions, the collection, the exchange. */
/** One publication of a run's networks: where, at which TLP, how many objects, which networks. */
export interface NetworksPublication {
  readonly collection: string
  readonly tlp: Tlp
  readonly objects: number
  readonly networks: readonly PublishedNetwork[]
}

export interface PublishNetworksDeps {
  /** The named networks of the organisation's completed run. @throws VigilError `NOT_FOUND` */
  readonly networksFile: (orgId: OrgId, runId: string, networkIds: readonly string[]) => Promise<NetworksFile>
  /** Each network's latest triage status; untriaged networks are absent. */
  readonly latestTriage: (orgId: OrgId, runId: string) => Promise<ReadonlyMap<string, TriageStatus>>
  readonly allowlistedAccounts: (orgId: OrgId) => Promise<ReadonlySet<string>>
  /** A collection the actor may write, with its readers by name. @throws VigilError when it may not */
  readonly writableCollection: (actor: Actor, collectionId: string) => Promise<CollectionAudience>
  readonly addObjects: (actor: Actor, collectionId: string, objects: readonly StixObject[], tlp: Tlp) => Promise<IngestResult>
  /** Keeps the publication on each network, audited. */
  readonly recordPublication: (actor: Actor & { kind: 'user' }, runId: string, publication: NetworksPublication, now: Date) => Promise<void>
}

/**
 * A network without the accounts the organisation marked authentic: they leave its members,
 * its edges and its evidence, and evidence that no longer links two accounts goes.
 *
 * @example
 * const { network, leftOut } = withoutAllowlisted(detected, new Set(['regional-paper']))
 */
export function withoutAllowlisted(
  network: DetectedNetwork,
  allowlist: ReadonlySet<string>,
): { readonly network: DetectedNetwork; readonly leftOut: readonly string[] } {
  const leftOut = network.members.filter((m) => allowlist.has(m))
  if (leftOut.length === 0) return { network, leftOut }
  const kept = (a: string) => !allowlist.has(a)
  return {
    leftOut,
    network: {
      ...network,
      members: network.members.filter(kept),
      edges: network.edges.filter((e) => kept(e.a) && kept(e.b)),
      evidence: network.evidence.map((e) => ({ ...e, accounts: e.accounts.filter(kept) })).filter((e) => e.accounts.length >= 2),
    },
  }
}

/**
 * Who reads what is published at `tlp` into a collection with these readers, in a sentence
 * (TLP 2.0 as `tlpAllows` applies it).
 *
 * @example
 * publicationAudience('green', { title: 'Tips', everyone: true, orgs: [], groups: [] })
 */
export function publicationAudience(tlp: Tlp, readers: CollectionAudience): string {
  const named = [...readers.orgs, ...readers.groups.map((g) => `the sharing group ${g}`)]
  const list = named.length > 0 ? named.join(', ') : 'no other organisation'
  switch (tlp) {
    case 'clear':
      return readers.everyone
        ? 'Anyone, signed in or not: the collection is open to everyone and TLP:CLEAR sets no limit on passing it on.'
        : `Your organisation and ${list}, who may pass it on without limit (TLP:CLEAR).`
    case 'green':
      return readers.everyone
        ? 'Every organisation on this instance, never anonymous readers; they may share it within their community (TLP:GREEN).'
        : `Your organisation and ${list}, who may share it within their community (TLP:GREEN).`
    case 'amber':
      return `Your organisation and ${readers.orgs.length > 0 ? readers.orgs.join(', ') : 'no other organisation'}, on a need-to-know basis (TLP:AMBER).`
    case 'amber+strict':
      return 'Your organisation only (TLP:AMBER+STRICT names no other recipient here).'
    case 'red':
      return 'Only you: TLP:RED is read by the people it names, and publishing names only its author.'
  }
}

interface Plan {
  readonly bundle: NetworkBundle
  readonly networks: readonly (PublishedNetwork & { readonly members: number })[]
  readonly collection: CollectionAudience
}

async function plan(
  deps: PublishNetworksDeps,
  actor: Actor & { kind: 'user' },
  runId: string,
  input: PublishNetworksInput,
  now: Date,
): Promise<Plan> {
  const file = await deps.networksFile(actor.orgId, runId, input.networks)
  const triage = await deps.latestTriage(actor.orgId, runId)
  const untriaged = input.networks.filter((id) => !PublishableTriageStatus.safeParse(triage.get(id)).success)
  if (untriaged.length > 0)
    throw new VigilError('CONFLICT', `network ${untriaged[0]} is not confirmed; triage it as coordinated before publishing`)
  const collection = await deps.writableCollection(actor, input.collection)
  const allowlist = await deps.allowlistedAccounts(actor.orgId)
  const cleaned = file.networks.map((n) => withoutAllowlisted(n, allowlist))
  const empty = cleaned.find((c) => c.network.members.length < 2)
  if (empty)
    throw new VigilError('CONFLICT', `network ${empty.network.id} has fewer than two accounts once the allowlisted ones are left out`)
  const bundle = buildNetworkBundle(
    { ...file, networks: cleaned.map((c) => c.network) },
    { now, tlp: input.tlp, ...(input.platform ? { platform: input.platform } : {}) },
  )
  return {
    bundle,
    collection,
    networks: cleaned.map((c) => ({ networkId: c.network.id, members: c.network.members.length, leftOut: c.leftOut })),
  }
}

/**
 * What publishing `input` would share: each network's members once the allowlisted accounts
 * are left out, the number of STIX objects, and who will read them at that TLP.
 *
 * @example
 * const preview = await previewPublication(deps, actor, runId, { networks: ['n1'], collection, tlp: 'green' }, now)
 */
export async function previewPublication(
  deps: PublishNetworksDeps,
  actor: Actor & { kind: 'user' },
  runId: string,
  input: PublishNetworksInput,
  now: Date,
): Promise<PublishPreview> {
  const p = await plan(deps, actor, runId, input, now)
  return {
    tlp: input.tlp,
    collectionTitle: p.collection.title,
    networks: p.networks.map((n) => ({ id: n.networkId, members: n.members, leftOut: [...n.leftOut] })),
    objects: p.bundle.objects.length,
    readers: {
      everyone: p.collection.everyone,
      orgs: [...p.collection.orgs],
      groups: [...p.collection.groups],
      anonymous: input.tlp === 'clear' && p.collection.everyone,
    },
    audience: publicationAudience(input.tlp, p.collection),
  }
}

/**
 * Publishes confirmed networks of a run into a collection as STIX, never with an account the
 * organisation allowlisted, and keeps the publication on each network.
 *
 * @throws VigilError `CONFLICT` when a network is not triaged as coordinated, or is left with
 * fewer than two accounts.
 * @example
 * const result = await publishNetworks(deps, actor, runId, { networks: ['n1'], collection, tlp: 'amber' }, now)
 */
export async function publishNetworks(
  deps: PublishNetworksDeps,
  actor: Actor & { kind: 'user' },
  runId: string,
  input: PublishNetworksInput,
  now: Date,
): Promise<IngestResult> {
  const p = await plan(deps, actor, runId, input, now)
  const result = await deps.addObjects(actor, input.collection, p.bundle.objects, input.tlp)
  await deps.recordPublication(
    actor,
    runId,
    { collection: input.collection, tlp: input.tlp, objects: result.successCount, networks: p.networks },
    now,
  )
  return result
}
