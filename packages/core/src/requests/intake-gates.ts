import {
  type AgencyDirectoryEntry,
  type AgencyWarning,
  type Assessment,
  type AssessmentContext,
  type AssessmentSettings,
  type DataRequestInput,
  PARTICULAR_TARGET_TYPES,
  type RejectCode,
  type Target,
} from '@vigil/contracts'
import { targetKey } from './account-identifiers.js'
import { type AssessmentDraft, addReason, reject } from './assessment-draft.js'
import { missingFields, REQUIRED_FIELDS } from './request-requirements.js'

export function domainOf(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1
  return email && at > 0 ? email.slice(at + 1).toLowerCase() : undefined
}

export function domainMatches(domain: string, listed: string): boolean {
  return domain === listed || domain.endsWith(`.${listed}`)
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

function refuseSender(draft: AssessmentDraft, message: string, code: RejectCode = 'UNVERIFIED_REQUESTER', rule = '§3.1 G1'): Assessment {
  // §3.1 G1: refused, raised as a security event, never answered to the sending address.
  draft.securityEvent = true
  return reject(draft, code, rule, message)
}

/**
 * The warning to the agency a sender failed to be verified as (§3.1 G1): the agency the request
 * names, else the one whose domain it came from, reached through the directory's contact and
 * number. The security contact is left out if it is one of the suspect addresses.
 *
 * @example
 * agencyWarning(req, directory, ['officer@hacked.example.gov'], 'the sender is on the compromised list')
 */
export function agencyWarning(
  req: Pick<DataRequestInput, 'agency'>,
  directory: readonly AgencyDirectoryEntry[],
  suspectAddresses: readonly string[],
  why: string,
): AgencyWarning | undefined {
  const named = req.agency.name
  const senderDomains = suspectAddresses.map(domainOf).filter((d): d is string => d !== undefined)
  const entry =
    directory.find((e) => named !== undefined && sameName(e.agency, named) && e.country === req.agency.country) ??
    directory.find((e) => senderDomains.some((s) => e.domains.some((d) => domainMatches(s, d))))
  if (!entry) return undefined
  const suspect = new Set(suspectAddresses.map((a) => a.toLowerCase()))
  const email = entry.securityContact && !suspect.has(entry.securityContact) ? entry.securityContact : undefined
  return {
    agency: entry.agency,
    country: entry.country,
    ...(email ? { email } : {}),
    phone: entry.callbackPhone,
    rule: '§3.1 G1',
    message: `a request in the name of ${entry.agency} failed verification (${why}); someone may be impersonating the agency`,
  }
}

function impersonation(
  req: DataRequestInput,
  ctx: AssessmentContext,
  draft: AssessmentDraft,
  why: string,
  code: RejectCode = 'UNVERIFIED_REQUESTER',
  rule = '§3.1 G1',
): Assessment {
  const suspects = [ctx.requester.email, req.official.email].filter((a): a is string => Boolean(a))
  draft.agencyWarning = agencyWarning(req, ctx.directory, suspects, why)
  return refuseSender(draft, why, code, rule)
}

/**
 * G1: the sender is a government official of a verified agency, signed in with a second
 * factor, on a domain the directory lists for the named agency, not on the compromised list,
 * and not refuted by the call-back. A sender outside the directory, on the compromised list or
 * refuted by the call-back may be impersonating an agency: the agency is warned.
 */
export function checkRequester(req: DataRequestInput, ctx: AssessmentContext, draft: AssessmentDraft): Assessment | undefined {
  const { requester } = ctx
  if (!requester.government) return refuseSender(draft, 'the sender is not a government organisation; not reviewed')
  if (!requester.mfa) return refuseSender(draft, 'the sender did not sign in with a second factor')
  const senderDomain = domainOf(requester.email)
  const entry = ctx.directory.find((e) => senderDomain !== undefined && e.domains.some((d) => domainMatches(senderDomain, d)))
  if (!entry) {
    return impersonation(req, ctx, draft, `the sender's domain ${senderDomain ?? '(none)'} is not in the verified-agency directory`)
  }
  if (req.agency.name && (!sameName(req.agency.name, entry.agency) || entry.country !== req.agency.country)) {
    return refuseSender(draft, `the sender's domain belongs to ${entry.agency} (${entry.country}), not the named agency`)
  }
  if (entry.orgId && requester.orgId && entry.orgId !== requester.orgId) {
    return refuseSender(draft, `the sender's organisation is not the one listed for ${entry.agency}`)
  }
  const officialDomain = domainOf(req.official.email)
  if (officialDomain && !entry.domains.some((d) => domainMatches(officialDomain, d))) {
    return refuseSender(draft, `the official's address is not on a domain of ${entry.agency}`)
  }
  const addresses = [requester.email, req.official.email].filter((a): a is string => Boolean(a))
  const compromisedAddress = addresses.find((a) => ctx.compromised.addresses.includes(a.toLowerCase()))
  const compromisedDomain = [senderDomain, officialDomain].find(
    (d) => d !== undefined && ctx.compromised.domains.some((c) => domainMatches(d, c)),
  )
  if (compromisedAddress || compromisedDomain) {
    return impersonation(req, ctx, draft, `the sender ${compromisedAddress ?? compromisedDomain} is on the compromised list`)
  }
  if (ctx.callback === 'failed') {
    return impersonation(
      req,
      ctx,
      draft,
      'the call-back through the directory number failed',
      'OUT_OF_BAND_VERIFICATION_FAILED',
      '§3.2 E4, §3.1 G1',
    )
  }
  addReason(draft, 'VERIFIED_REQUESTER', '§3.1 G1', `sender verified as ${entry.agency} (${entry.country})`)
  return undefined
}

/**
 * G2: the fields the kind of request requires ({@link REQUIRED_FIELDS}) are present, and the
 * date range is in order.
 */
export function checkCompleteness(req: DataRequestInput, draft: AssessmentDraft): Assessment | undefined {
  const missing = missingFields(req, REQUIRED_FIELDS[req.process])
  if (missing.length === 0) return undefined
  return reject(draft, 'INCOMPLETE_REQUEST', '§3.1 G2', `missing: ${missing.join(', ')}`, { missingFields: missing })
}

function requestKey(agency: string, caseNumber: string, process: string, targets: readonly Target[], categories: readonly string[]) {
  return JSON.stringify([
    agency.trim().toLowerCase(),
    caseNumber.trim().toLowerCase(),
    process,
    [...new Set(targets.map(targetKey))].sort(),
    [...new Set(categories)].sort(),
  ])
}

/** G3: not the same agency, case, process, identifiers and categories as an open request. */
export function checkDuplicate(req: DataRequestInput, ctx: AssessmentContext, draft: AssessmentDraft): Assessment | undefined {
  const key = requestKey(req.agency.name ?? '', req.caseNumber ?? '', req.process, req.targets, req.categories)
  const caseNumber = (req.caseNumber ?? '').trim().toLowerCase()
  // The case number narrows the candidates cheaply before the full comparison.
  const open = ctx.openRequests.find(
    (o) =>
      o.process === req.process &&
      o.caseNumber.trim().toLowerCase() === caseNumber &&
      requestKey(o.agency, o.caseNumber, o.process, o.targets, o.categories) === key,
  )
  if (!open) return undefined
  return reject(draft, 'DUPLICATE_REQUEST', '§3.1 G3', `same as open request ${open.id}; linked to it and not counted again`, {
    duplicateOf: open.id,
  })
}

// A wildcard or a phrase is not one account ("all users who ...").
const NOT_ONE_ACCOUNT = /[*%?]|\s|^#/

/** G4: every target names one account, and there are not more than the instance allows. */
export function checkParticularity(req: DataRequestInput, settings: AssessmentSettings, draft: AssessmentDraft): Assessment | undefined {
  const vague = req.targets.findIndex(
    (t) => !PARTICULAR_TARGET_TYPES.includes(t.type) || (t.type !== 'phone' && NOT_ONE_ACCOUNT.test(t.value)),
  )
  if (vague >= 0) {
    const t = req.targets[vague] as Target
    if (req.process === 'search_warrant') {
      // A court-issued reverse-search warrant goes to counsel, not to the automated assessment.
      draft.pending.push({ code: 'COUNSEL_REVIEW', rule: '§3.1 G4', message: 'reverse-search warrant: refer to counsel' })
    }
    return reject(draft, 'NOT_PARTICULAR', '§3.1 G4', `target ${vague + 1} (${t.type} "${t.value}") does not name one account`)
  }
  if (req.targets.length > settings.maxTargetsPerRequest) {
    return reject(
      draft,
      'NOT_PARTICULAR',
      '§3.1 G4',
      `${req.targets.length} targets exceed the instance limit of ${settings.maxTargetsPerRequest} per request`,
    )
  }
  return undefined
}
