import {
  type Assessment,
  type AssessmentContext,
  type AssessmentSettings,
  type DataRequestInput,
  PARTICULAR_TARGET_TYPES,
  type Target,
} from '@vigil/contracts'
import { type AssessmentDraft, addReason, reject } from './assessment-draft.js'

function domainOf(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1
  return email && at > 0 ? email.slice(at + 1).toLowerCase() : undefined
}

function domainMatches(domain: string, listed: string): boolean {
  return domain === listed || domain.endsWith(`.${listed}`)
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

function refuseSender(draft: AssessmentDraft, message: string): Assessment {
  // §3.1 G1: refused, raised as a security event, never answered to the sending address.
  draft.securityEvent = true
  return reject(draft, 'UNVERIFIED_REQUESTER', '§3.1 G1', message)
}

/**
 * G1: the sender is a government official of a verified agency, signed in with a second
 * factor, on a domain the directory lists for the named agency, and not on the compromised list.
 */
export function checkRequester(req: DataRequestInput, ctx: AssessmentContext, draft: AssessmentDraft): Assessment | undefined {
  const { requester } = ctx
  if (!requester.government) return refuseSender(draft, 'the sender is not a government organisation; not reviewed')
  if (!requester.mfa) return refuseSender(draft, 'the sender did not sign in with a second factor')
  const senderDomain = domainOf(requester.email)
  const entry = ctx.directory.find((e) => senderDomain !== undefined && e.domains.some((d) => domainMatches(senderDomain, d)))
  if (!entry) return refuseSender(draft, `the sender's domain ${senderDomain ?? '(none)'} is not in the verified-agency directory`)
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
    return refuseSender(draft, `the sender ${compromisedAddress ?? compromisedDomain} is on the compromised list`)
  }
  addReason(draft, 'VERIFIED_REQUESTER', '§3.1 G1', `sender verified as ${entry.agency} (${entry.country})`)
  return undefined
}

/** G2: everything §3.1 G2 lists is present, and the date range is in order. */
export function checkCompleteness(req: DataRequestInput, draft: AssessmentDraft): Assessment | undefined {
  const missing: string[] = []
  if (!req.agency.name) missing.push('agency.name')
  if (!req.official.name) missing.push('official.name')
  if (!req.official.email) missing.push('official.email')
  if (!req.official.phone) missing.push('official.phone')
  if (!req.caseNumber) missing.push('caseNumber')
  if (!req.legalDocument) missing.push('legalDocument')
  else if (!req.legalDocument.signed) missing.push('legalDocument.signature')
  if (req.targets.length === 0) missing.push('targets')
  if (req.categories.length === 0) missing.push('categories')
  if (!req.dateRange) missing.push('dateRange')
  else if (req.dateRange.from > req.dateRange.to) missing.push('dateRange (from is after to)')
  if (req.process === 'subpoena' && !req.subpoenaKind) missing.push('subpoenaKind')
  if (req.process === 'preservation_extension' && !req.extendsRequestId) missing.push('extendsRequestId')
  if (req.process === 'cloud_act_order' && !req.cloudAct) missing.push('cloudAct')
  if (missing.length === 0) return undefined
  return reject(draft, 'INCOMPLETE_REQUEST', '§3.1 G2', `missing: ${missing.join(', ')}`, { missingFields: missing })
}

/** The normalised form two targets are compared by. */
export function targetKey(t: Target): string {
  const value = t.value.trim().toLowerCase()
  return `${t.type}:${t.type === 'username' ? value.replace(/^@/, '') : value}`
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
