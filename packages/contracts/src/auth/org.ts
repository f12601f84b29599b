import { z } from 'zod'
import { OrgId, OrgKind } from './identity.js'

/** Whether an organisation or user may act; suspension takes effect on the next request. */
export const AccountStatus = z.enum(['active', 'suspended'])
export type AccountStatus = z.infer<typeof AccountStatus>

/**
 * The STIX 2.1 `identity` object id that stands for an organisation in shared objects.
 *
 * @example
 * StixIdentityId.parse('identity--0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9')
 */
export const StixIdentityId = z
  .string()
  .regex(/^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'expected identity--<uuid>')
export type StixIdentityId = z.infer<typeof StixIdentityId>

/**
 * An e-mail domain an instance admin verified for an organisation (lower case, no trailing dot).
 *
 * @example
 * EmailDomain.parse('Agency.GOV') // 'agency.gov'
 */
export const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'expected a domain name such as agency.gov',
  )
export type EmailDomain = z.infer<typeof EmailDomain>

/**
 * An organisation: a platform, agency, civil-society group or other party.
 *
 * @example
 * { id, name: 'Example Platform', kind: 'platform', stixId: 'identity--…', domains: ['example.com'], status: 'active', createdAt }
 */
export const Org = z.object({
  id: OrgId,
  name: z.string(),
  kind: OrgKind,
  stixId: StixIdentityId,
  domains: z.array(EmailDomain),
  status: AccountStatus,
  createdAt: z.iso.datetime({ offset: true }),
})
export type Org = z.infer<typeof Org>

/**
 * What it takes to create an organisation.
 *
 * @example
 * OrgInput.parse({ name: 'State Election Office', kind: 'government', domains: ['sos.example.gov'] })
 */
export const OrgInput = z.object({
  name: z.string().trim().min(1).max(200),
  kind: OrgKind,
  domains: z.array(EmailDomain).max(50).default([]),
})
export type OrgInput = z.infer<typeof OrgInput>

/**
 * `PUT /api/v1/orgs/:id/domains`: the organisation's verified e-mail domains, replaced as a
 * set (the request portal knows agencies' officials by them).
 *
 * @example
 * OrgDomainsInput.parse({ domains: ['sos.example.gov', 'elections.example.gov'] })
 */
export const OrgDomainsInput = z.object({ domains: z.array(EmailDomain).max(50) })
export type OrgDomainsInput = z.infer<typeof OrgDomainsInput>

/** `PATCH /api/v1/orgs/:id`: suspend or reactivate an organisation. */
export const OrgPatch = z.object({ status: AccountStatus })
export type OrgPatch = z.infer<typeof OrgPatch>
