import { z } from 'zod'

/**
 * A TLP 2.0 level, from the least to the most restrictive (FIRST TLP 2.0).
 *
 * @example
 * Tlp.parse('amber+strict')
 */
export const Tlp = z.enum(['clear', 'green', 'amber', 'amber+strict', 'red'])
export type Tlp = z.infer<typeof Tlp>
