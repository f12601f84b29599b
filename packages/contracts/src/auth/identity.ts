import { z } from 'zod'

/** An organisation's id. Branded so it cannot pass as a user's or a STIX object's. */
export const OrgId = z.uuid().brand<'OrgId'>()
export type OrgId = z.infer<typeof OrgId>

/** A user's id. */
export const UserId = z.uuid().brand<'UserId'>()
export type UserId = z.infer<typeof UserId>

/**
 * What kind of party an organisation is; it decides which workflows it may enter
 * (only `government` organisations submit data requests).
 */
export const OrgKind = z.enum(['platform', 'government', 'civil-society', 'other'])
export type OrgKind = z.infer<typeof OrgKind>

/**
 * A user's roles. `admin` is instance-wide; the others act within the user's organisation.
 *
 * @example
 * Role.parse('reviewer')
 */
export const Role = z.enum(['admin', 'org-admin', 'analyst', 'reviewer', 'requester', 'auditor'])
export type Role = z.infer<typeof Role>
