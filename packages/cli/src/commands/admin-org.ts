import { Org, OrgDomainsInput, OrgInput } from '@vigil/contracts'
import { createOrg, listOrgs, parseInput, setOrgDomains, setOrgStatus } from '@vigil/core'
import type { CliIo } from '../io.js'
import { print, resolveOrgId, withAdminContext } from './admin-context.js'
import type { StorageOptions } from './config-options.js'

interface Json extends StorageOptions {
  readonly json?: boolean
}

const describeOrg = (o: Org): string => `${o.name}  ${o.kind}  ${o.status}  ${o.id}  ${o.stixId}  ${o.domains.join(',') || '-'}`

/** `vigil admin org create --name N --kind K [--domain D …]` */
export function createOrgCommand(
  io: CliIo,
  o: Json & { readonly name: string; readonly kind: string; readonly domain?: string[] },
): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const input = parseInput(OrgInput, { name: o.name, kind: o.kind, domains: o.domain ?? [] })
    const org = Org.parse(await createOrg(ctx.identity, ctx.actor, input))
    return print(io, o.json, org, () => [`Created organisation ${org.name} (${org.kind}): ${org.id}`, `STIX identity: ${org.stixId}`])
  })
}

/** `vigil admin org list` */
export function listOrgsCommand(io: CliIo, o: Json): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const orgs = Org.array().parse(await listOrgs(ctx.identity, ctx.actor))
    return print(io, o.json, orgs, () => (orgs.length === 0 ? ['No organisations.'] : orgs.map(describeOrg)))
  })
}

/** `vigil admin org suspend|activate ORG` (by id or name) */
export function setOrgStatusCommand(io: CliIo, org: string, status: Org['status'], o: Json): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const updated = Org.parse(await setOrgStatus(ctx.identity, ctx.actor, await resolveOrgId(ctx, org), status))
    return print(io, o.json, updated, () => [`Organisation ${updated.name} is now ${updated.status}.`])
  })
}

/** `vigil admin org domains ORG [DOMAIN …]` (by id or name): the verified domains, replaced */
export function setOrgDomainsCommand(io: CliIo, org: string, domains: readonly string[], o: Json): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const input = parseInput(OrgDomainsInput, { domains })
    const updated = Org.parse(await setOrgDomains(ctx.identity, ctx.actor, await resolveOrgId(ctx, org), input.domains))
    return print(io, o.json, updated, () => [`Organisation ${updated.name} verifies ${updated.domains.join(', ') || 'no domain'}.`])
  })
}
