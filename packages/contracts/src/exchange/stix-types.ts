import type { z } from 'zod'
import { SCO_SCHEMAS } from './stix-sco-types.js'
import { SDO_SCHEMAS } from './stix-sdo-types.js'

export { SCO_SCHEMAS, SCO_TYPES, type ScoType } from './stix-sco-types.js'
export { SDO_SCHEMAS } from './stix-sdo-types.js'

/**
 * The schema of every object type STIX 2.1 defines, keyed by type name: the SDOs, SROs and
 * meta objects (`SDO_SCHEMAS`) and the 18 SCOs (`SCO_SCHEMAS`).
 *
 * @example
 * STIX_TYPE_SCHEMAS['mac-addr'].safeParse(object).success
 */
export const STIX_TYPE_SCHEMAS = { ...SDO_SCHEMAS, ...SCO_SCHEMAS } as const satisfies Record<string, z.ZodObject>
