import { z } from 'zod'
import { CountryCode, IsoDate } from './data-request.js'
import { DataCategory, LegalProcess, Target } from './legal-process.js'

/**
 * One verified agency of the instance's directory: its e-mail domains and the phone number
 * taken from the directory (never from a request) for the out-of-band call-back (§3.2 E4).
 */
export const AgencyDirectoryEntry = z.strictObject({
  agency: z.string().trim().min(1).max(300),
  country: CountryCode,
  domains: z.array(z.string().trim().toLowerCase().min(3).max(253)).min(1),
  callbackPhone: z.string().trim().min(3).max(50),
  /** Where the agency is warned when someone impersonates it (§3.1 G1); never a request's address. */
  securityContact: z.email().trim().toLowerCase().max(320).optional(),
  /** The agency's organisation on this instance, when it has one: only its users may speak for it. */
  orgId: z.string().optional(),
})
export type AgencyDirectoryEntry = z.infer<typeof AgencyDirectoryEntry>

/** An open request, as the duplicate gate compares it (§3.1 G3). */
export const OpenRequestSummary = z.strictObject({
  id: z.string().min(1).max(100),
  agency: z.string(),
  caseNumber: z.string(),
  process: LegalProcess,
  targets: z.array(Target),
  categories: z.array(DataCategory),
})
export type OpenRequestSummary = z.infer<typeof OpenRequestSummary>

/** The preservation hold a renewal extends (§3.3 P3, P4). */
export const PreservationHold = z.strictObject({
  requestId: z.string().min(1).max(100),
  preserveUntil: IsoDate,
  extensions: z.number().int().min(0),
})
export type PreservationHold = z.infer<typeof PreservationHold>

/** Where the emergency call-back stands: recorded by a reviewer, never by the requester. */
export const CallbackStatus = z.enum(['pending', 'verified', 'failed'])
export type CallbackStatus = z.infer<typeof CallbackStatus>

/**
 * Everything the assessment needs besides the request: who sent it, the instance's agency
 * directory and compromised-sender list, the open requests, the hold being renewed, the
 * call-back result, and which targets the account data source resolved.
 */
export const AssessmentContext = z.strictObject({
  requester: z.strictObject({
    email: z.string().trim().toLowerCase(),
    /** The portal account signed in with a second factor. */
    mfa: z.boolean(),
    /** The requester's organisation is a government organisation. */
    government: z.boolean(),
    /** The requester's organisation id, checked against the directory entry's. */
    orgId: z.string().optional(),
  }),
  directory: z.array(AgencyDirectoryEntry).default([]),
  compromised: z
    .object({
      addresses: z.array(z.string().trim().toLowerCase()).default([]),
      domains: z.array(z.string().trim().toLowerCase()).default([]),
    })
    .default({ addresses: [], domains: [] }),
  openRequests: z.array(OpenRequestSummary).default([]),
  priorHold: PreservationHold.optional(),
  callback: CallbackStatus.default('pending'),
  /** The targets the account data source found; the rest resolve to nothing (§3.1 G9). */
  resolvedTargets: z.array(Target).default([]),
})
export type AssessmentContext = z.infer<typeof AssessmentContext>
