import type { Org, OrgId, OrgInput } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import type { Actor } from './actor.js'
import type { AuthDeps } from './auth-ports.js'
import { requirePermission } from './require-permission.js'

/**
 * Creates an organisation, with its STIX `identity` id derived from its own id.
 *
 * @example
 * await createOrg(deps, admin, { name: 'Agency', kind: 'government', domains: ['agency.gov'] })
 */
export async function createOrg(deps: AuthDeps, actor: Actor, input: OrgInput): Promise<Org> {
  requirePermission(actor, 'instance:admin')
  const id = deps.random.uuid() as OrgId
  const domains = [...new Set(input.domains)]
  return deps.store.insertOrg(
    { id, name: input.name, kind: input.kind, stixId: `identity--${id}`, domains },
    {
      actor,
      action: 'auth.org.create',
      target: { type: 'org', id },
      outcome: 'success',
      details: { name: input.name, kind: input.kind, domains },
    },
    deps.clock.now(),
  )
}

/** Every organisation: the directory users pick sharing partners from. */
export async function listOrgs(deps: AuthDeps, _actor: Actor): Promise<Org[]> {
  return deps.store.listOrgs()
}

/**
 * Suspends (or reactivates) an organisation; its users lose access on their next request.
 *
 * @example
 * await setOrgStatus(deps, admin, orgId, 'suspended')
 */
export async function setOrgStatus(deps: AuthDeps, actor: Actor, id: OrgId, status: Org['status']): Promise<Org> {
  requirePermission(actor, 'instance:admin')
  const org = await deps.store.setOrgStatus(
    id,
    status,
    { actor, action: status === 'suspended' ? 'auth.org.suspend' : 'auth.org.activate', target: { type: 'org', id }, outcome: 'success' },
    deps.clock.now(),
  )
  if (!org) throw new VigilError('NOT_FOUND', `no organisation ${id}`, { orgId: id })
  return org
}

/**
 * Replaces an organisation's verified e-mail domains, audited with the set before and after:
 * the request portal takes an official's organisation from their address's domain.
 *
 * @throws VigilError `NOT_FOUND` for no such organisation, `CONFLICT` when another holds a domain
 * @example
 * await setOrgDomains(deps, admin, orgId, ['sos.example.gov'])
 */
export async function setOrgDomains(deps: AuthDeps, actor: Actor, id: OrgId, domains: readonly string[]): Promise<Org> {
  requirePermission(actor, 'instance:admin')
  const before = await deps.store.findOrg(id)
  if (!before) throw new VigilError('NOT_FOUND', `no organisation ${id}`, { orgId: id })
  const after = [...new Set(domains)].sort()
  const org = await deps.store.setOrgDomains(
    id,
    after,
    {
      actor,
      action: 'auth.org.domains',
      target: { type: 'org', id },
      outcome: 'success',
      details: { before: [...before.domains].sort(), after },
    },
    deps.clock.now(),
  )
  if (!org) throw new VigilError('NOT_FOUND', `no organisation ${id}`, { orgId: id })
  return org
}
