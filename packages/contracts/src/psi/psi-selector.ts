import { z } from 'zod'

/**
 * What a PSI session's selectors are. Each kind has one normal form, so the same phone
 * number or e-mail address written two ways still matches: `phone` is E.164 (`+` and 8 to
 * 15 digits), `email` is lower-cased NFC with an IDNA domain, `account` is `platform:id` in
 * NFC with a lower-cased platform.
 *
 * @example
 * SelectorKind.parse('phone')
 */
export const SelectorKind = z.enum(['phone', 'email', 'account'])
export type SelectorKind = z.infer<typeof SelectorKind>

/**
 * What the responder learns at the end of a session: the intersection's size, or nothing.
 * The initiator always learns which of its own selectors are shared.
 *
 * @example
 * ResponderLearns.parse('cardinality')
 */
export const ResponderLearns = z.enum(['cardinality', 'nothing'])
export type ResponderLearns = z.infer<typeof ResponderLearns>
