import { SharingGroup, type SharingGroupId, SharingGroupInput } from '@vigil/contracts'
import type { Actor } from '../auth/actor.js'
import { can } from '../auth/can.js'
import { requirePermission, requireThat } from '../auth/require-permission.js'
import { VigilError } from '../shared/errors.js'
import type { ExchangeDeps } from './exchange-ports.js'

type GroupDeps = Pick<ExchangeDeps, 'groups' | 'clock' | 'random'>

/**
 * Creates a sharing group owned by the actor's organisation (the instance admin may name
 * another); its owner is always a member.
 *
 * @example
 * await createSharingGroup(deps, orgAdmin, { name: 'Election taskforce', memberOrgIds: [a, b] })
 * @throws VigilError `AUTH_FORBIDDEN` for another organisation's group, `CONFLICT` for a taken name
 */
export async function createSharingGroup(deps: GroupDeps, actor: Actor, input: SharingGroupInput): Promise<SharingGroup> {
  requirePermission(actor, 'org:manage')
  const g = SharingGroupInput.parse(input)
  const owner = g.ownerOrgId ?? (actor.kind === 'user' ? actor.orgId : undefined)
  if (!owner) throw new VigilError('VALIDATION_FAILED', 'name the owning organisation (ownerOrgId)')
  requireThat(
    can(actor, 'instance:admin') || (actor.kind === 'user' && actor.orgId === owner),
    'only the instance admin may create groups for another organisation',
  )
  const id = deps.random.uuid()
  const now = deps.clock.now()
  const members = [...new Set([owner, ...g.memberOrgIds])]
  const group = { id, name: g.name, description: g.description, ownerOrgId: owner, memberOrgIds: members, createdAt: now.toISOString() }
  await deps.groups.insert(
    group,
    {
      actor,
      action: 'exchange.group.create',
      target: { type: 'sharing-group', id },
      outcome: 'success',
      details: { name: g.name, members },
    },
    now,
  )
  return SharingGroup.parse({ ...group, memberOrgIds: [...members].sort() })
}

/** The sharing groups the actor's organisation owns or belongs to (all of them, for the instance admin). */
export function listSharingGroups(deps: Pick<ExchangeDeps, 'groups'>, actor: Actor): Promise<SharingGroup[]> {
  return deps.groups.list(can(actor, 'instance:admin') || actor.kind !== 'user' ? null : actor.orgId)
}

/**
 * Replaces a group's members (its owner stays one); the owner's organisation admins or the
 * instance admin may.
 *
 * @throws VigilError `NOT_FOUND` for a group the actor may not see, `AUTH_FORBIDDEN` for a member's admin
 */
export async function setSharingGroupMembers(
  deps: GroupDeps,
  actor: Actor,
  groupId: SharingGroupId,
  orgIds: readonly string[],
): Promise<SharingGroup> {
  requirePermission(actor, 'org:manage')
  const group = (await listSharingGroups(deps, actor)).find((g) => g.id === groupId)
  if (!group) throw new VigilError('NOT_FOUND', `no sharing group ${groupId}`)
  requireThat(
    can(actor, 'instance:admin') || (actor.kind === 'user' && actor.orgId === group.ownerOrgId),
    "only the group's owner may change its members",
  )
  const members = [...new Set([group.ownerOrgId, ...orgIds])]
  await deps.groups.replaceMembers(
    groupId,
    members,
    { actor, action: 'exchange.group.members', target: { type: 'sharing-group', id: groupId }, outcome: 'success', details: { members } },
    deps.clock.now(),
  )
  return { ...group, memberOrgIds: members.sort() as SharingGroup['memberOrgIds'] }
}
