import type { LegalProcess } from './legal-process.js'

/** How a kind of legal process is named to people, and what it is (REQUESTS-LAW.md §2, §3). */
export interface LegalProcessLabel {
  readonly label: string
  readonly help: string
}

/**
 * The one table of names for {@link LegalProcess}: every screen and message that shows a kind
 * of request names it from here, never by its code.
 *
 * @example
 * LEGAL_PROCESS_LABELS.nsl.label // 'National security letter'
 */
export const LEGAL_PROCESS_LABELS: Readonly<Record<LegalProcess, LegalProcessLabel>> = {
  subpoena: {
    label: 'Subpoena',
    help: 'A grand-jury, trial or statutory administrative subpoena (18 U.S.C. § 2703(c)(2)): reaches basic subscriber information only.',
  },
  court_order_2703d: {
    label: 'Court order under 18 U.S.C. § 2703(d)',
    help: 'A court order on specific and articulable facts: reaches non-content records such as IP logs and message headers.',
  },
  search_warrant: {
    label: 'Search warrant',
    help: 'A warrant on probable cause (18 U.S.C. § 2703(a)–(b)): needed for the contents of communications and for location data.',
  },
  pen_register: {
    label: 'Pen register or trap-and-trace order',
    help: 'A court order for real-time non-content data (18 U.S.C. § 3123), for the period the order sets.',
  },
  wiretap: {
    label: 'Wiretap order (Title III)',
    help: 'A court order for the real-time interception of content (18 U.S.C. § 2518).',
  },
  nsl: {
    label: 'National security letter',
    help: 'A letter from the FBI under 18 U.S.C. § 2709: reaches a subscriber’s name and length of service only.',
  },
  emergency: {
    label: 'Emergency disclosure request',
    help: 'A danger of death or serious physical injury that requires disclosure without delay (18 U.S.C. § 2702(b)(8), (c)(4)); no court process needed.',
  },
  preservation: {
    label: 'Preservation request',
    help: 'Keep a snapshot of the account for 90 days pending formal process (18 U.S.C. § 2703(f)); nothing is disclosed.',
  },
  preservation_extension: {
    label: 'Extension of a preservation',
    help: 'Renew an earlier preservation for one more 90-day period (18 U.S.C. § 2703(f)(2)); name the request it extends.',
  },
  foreign_request: {
    label: 'Foreign government request',
    help: 'A request from outside the United States, through an MLAT or letter rogatory where content is asked for.',
  },
  cloud_act_order: {
    label: 'Order under a CLOUD Act agreement',
    help: 'A foreign order under an executive agreement of 18 U.S.C. § 2523.',
  },
}

/**
 * The name of a kind of legal process.
 *
 * @example
 * legalProcessLabel('court_order_2703d') // 'Court order under 18 U.S.C. § 2703(d)'
 */
export const legalProcessLabel = (process: LegalProcess): string => LEGAL_PROCESS_LABELS[process].label
