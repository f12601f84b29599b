import type { DataCategory, DropCode, LegalProcess } from '@vigil/contracts'

/** One cell of the Stored Communications Act matrix (REQUESTS-LAW.md §3). */
export type MatrixCell =
  | { readonly kind: 'allow'; readonly note?: string }
  | { readonly kind: 'drop'; readonly code: DropCode; readonly message: string }

/** The US processes the matrix covers; emergency and preservation have their own gates. */
export type MatrixProcess = Extract<LegalProcess, 'subpoena' | 'court_order_2703d' | 'search_warrant' | 'pen_register' | 'wiretap' | 'nsl'>

const allow: MatrixCell = { kind: 'allow' }
const needs2703d: MatrixCell = {
  kind: 'drop',
  code: 'NEEDS_2703D_ORDER',
  message: 'needs a 2703(d) court order (18 U.S.C. 2703(d))',
}
const needsWarrant: MatrixCell = { kind: 'drop', code: 'NEEDS_WARRANT', message: 'needs a search warrant (18 U.S.C. 2703(a)-(c)(1)(A))' }
const locationNeedsWarrant: MatrixCell = {
  kind: 'drop',
  code: 'NEEDS_WARRANT',
  message: 'stored location data needs a search warrant (Carpenter v. US; vigil design after Meta)',
}
function notAvailable(process: string): MatrixCell {
  return { kind: 'drop', code: 'NOT_AVAILABLE_TO_PROCESS', message: `a ${process} cannot reach this category` }
}

const stored = (cells: Partial<Record<DataCategory, MatrixCell>>, process: string): Record<DataCategory, MatrixCell> => ({
  basic_subscriber_info: cells.basic_subscriber_info ?? notAvailable(process),
  ip_logs: cells.ip_logs ?? notAvailable(process),
  communication_metadata: cells.communication_metadata ?? notAvailable(process),
  location_data: cells.location_data ?? notAvailable(process),
  message_content: cells.message_content ?? notAvailable(process),
  stored_content: cells.stored_content ?? notAvailable(process),
  realtime_metadata: cells.realtime_metadata ?? notAvailable(process),
  realtime_content: cells.realtime_content ?? notAvailable(process),
})

/**
 * The §3 rule table for US legal process: for each process and category, allowed or dropped
 * with the process it would need. Rows follow the table line by line.
 *
 * @example
 * SCA_MATRIX.subpoena.message_content // { kind: 'drop', code: 'NEEDS_WARRANT', … }
 */
export const SCA_MATRIX: Readonly<Record<MatrixProcess, Readonly<Record<DataCategory, MatrixCell>>>> = {
  subpoena: stored(
    {
      basic_subscriber_info: allow,
      ip_logs: needs2703d,
      communication_metadata: needs2703d,
      location_data: locationNeedsWarrant,
      message_content: needsWarrant,
      stored_content: needsWarrant,
    },
    'subpoena',
  ),
  court_order_2703d: stored(
    {
      basic_subscriber_info: allow,
      ip_logs: allow,
      communication_metadata: allow,
      location_data: locationNeedsWarrant,
      message_content: needsWarrant,
      stored_content: needsWarrant,
    },
    '2703(d) order',
  ),
  search_warrant: stored(
    {
      basic_subscriber_info: allow,
      ip_logs: allow,
      communication_metadata: allow,
      location_data: allow,
      message_content: allow,
      stored_content: allow,
    },
    'search warrant',
  ),
  pen_register: stored({ realtime_metadata: allow }, 'pen register / trap-and-trace order'),
  wiretap: stored({ realtime_metadata: allow, realtime_content: allow }, 'Title III wiretap order'),
  nsl: stored({ basic_subscriber_info: { kind: 'allow', note: 'name_and_length_of_service' } }, 'national security letter'),
}

/** The fields an NSL reaches, as Meta reads 18 U.S.C. 2709. */
export const NSL_FIELDS: readonly string[] = ['name', 'length_of_service']

/** True when `process` is one of the matrix's US processes. */
export function isMatrixProcess(process: LegalProcess): process is MatrixProcess {
  return process in SCA_MATRIX
}
