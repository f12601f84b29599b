import {
  type DetectedNetwork,
  type IngestResult,
  PublishableTriageStatus,
  type PublishNetworksInput,
  type PublishPreview,
  type Tlp,
} from '@vigil/contracts'
import type { AuditEvent } from '../audit/audit-event.js'
import type { Actor } from '../auth/actor.js'
import { buildNetworkBundle, type NetworkBundle } from '../exchange/network-bundle.js'
import { VigilError } from '../shared/errors.js'
import type { CollectionAudience, DetectDeps, DetectUser, NetworksPublication, PublishedNetwork } from './detect-ports.js'
import { detectUser } from './detect-runs.js'

/** What publishing networks needs: the run's results and decisions, the collection, and the one transaction that publishes. */
export type PublishNetworksDeps = Pick<DetectDeps, 'store' | 'exchange'>

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

async function plan(deps: PublishNetworksDeps, actor: DetectUser, runId: string, input: PublishNetworksInput, now: Date): Promise<Plan> {
  const file = await deps.store.networksFile(actor, runId, input.networks)
  const triage = await deps.store.latestTriage(actor, runId)
  const untriaged = input.networks.filter((id) => !PublishableTriageStatus.safeParse(triage.get(id)).success)
  if (untriaged.length > 0)
    throw new VigilError('CONFLICT', `network ${untriaged[0]} is not confirmed; triage it as coordinated before publishing`)
  const collection = await deps.exchange.writableCollection(actor, input.collection)
  const allowlist = await deps.store.allowlistedAccounts(actor)
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
  actor: Actor,
  runId: string,
  input: PublishNetworksInput,
  now: Date,
): Promise<PublishPreview> {
  const p = await plan(deps, detectUser(actor, 'detect:publish'), runId, input, now)
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
 * organisation allowlisted, and keeps the publication on each network: the objects, the
 * publication records and the audit entry are written in one transaction.
 *
 * @throws VigilError `CONFLICT` when a network is not triaged as coordinated, or is left with
 * fewer than two accounts.
 * @example
 * const result = await publishNetworks(deps, actor, runId, { networks: ['n1'], collection, tlp: 'amber' }, now)
 */
export async function publishNetworks(
  deps: PublishNetworksDeps,
  actor: Actor,
  runId: string,
  input: PublishNetworksInput,
  now: Date,
): Promise<IngestResult> {
  const user = detectUser(actor, 'detect:publish')
  const p = await plan(deps, user, runId, input, now)
  const networks = p.networks.map((n) => ({ networkId: n.networkId, leftOut: n.leftOut }))
  return deps.store.publish(
    user,
    runId,
    { collection: input.collection, tlp: input.tlp, objects: p.bundle.objects, networks },
    (publication) => publicationAudit(user, runId, publication),
    now,
  )
}

/** The audit event of a publication, once the exchange has said how many objects it stored. */
function publicationAudit(actor: DetectUser, runId: string, publication: NetworksPublication): AuditEvent {
  return {
    actor,
    action: 'detect.network.publish',
    target: { type: 'detect-run', id: runId },
    outcome: 'success',
    details: {
      networks: publication.networks.map((n) => n.networkId),
      collection: publication.collection,
      tlp: publication.tlp,
      stored: publication.objects,
      leftOut: publication.networks.reduce((sum, n) => sum + n.leftOut.length, 0),
    },
  }
}
