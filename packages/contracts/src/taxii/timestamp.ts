import { z } from 'zod'

/**
 * A TAXII/STIX timestamp: RFC 3339 in UTC (`Z`), any sub-second precision
 * (TAXII 2.1 §2.1 "timestamp").
 *
 * @example
 * TaxiiTimestamp.parse('2026-11-29T22:10:00.123456Z')
 */
export const TaxiiTimestamp = z.iso.datetime({ offset: false })
export type TaxiiTimestamp = z.infer<typeof TaxiiTimestamp>
