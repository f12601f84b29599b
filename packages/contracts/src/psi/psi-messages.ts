import { z } from 'zod'
import { SelectorKind } from './psi-selector.js'

/**
 * The version of the selector normalisation rules (`core/psi/normalise-selector.ts`). It is
 * part of the protocol name and of the hash's tag: two instances on different rules refuse
 * each other's messages rather than silently miss matches.
 */
export const PSI_NORMALISATION_RULES = 2

/**
 * The protocol, group and normalisation rules every PSI message belongs to; a message of
 * another version is refused.
 */
export const PSI_PROTOCOL = 'vigil-psi-x25519-v2-norm2' as const

/** Bytes of one group element on the wire: an X25519 u-coordinate. */
export const PSI_ELEMENT_BYTES = 32

/** The most elements one message may carry (the instance's cap on a set's size). */
export const PSI_MAX_ELEMENTS = 1_000_000

/** How many bytes a padded base64 string decodes to. */
function base64ByteLength(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0
  return (b64.length / 4) * 3 - padding
}

/**
 * A list of group elements, concatenated and base64-encoded (standard alphabet, padded),
 * with their count. The length must be exactly `count * 32` bytes.
 *
 * @example
 * PackedElements.parse({ count: 0, data: '' })
 */
export const PackedElements = z
  .object({
    count: z.int().min(0).max(PSI_MAX_ELEMENTS),
    data: z.base64().max(Math.ceil((PSI_MAX_ELEMENTS * PSI_ELEMENT_BYTES) / 3) * 4),
  })
  .refine((p) => base64ByteLength(p.data) === p.count * PSI_ELEMENT_BYTES, {
    message: `data must hold exactly count x ${PSI_ELEMENT_BYTES} bytes`,
    path: ['data'],
  })
export type PackedElements = z.infer<typeof PackedElements>

/**
 * An organisation's Ed25519 signature (64 bytes, base64) over a PSI message: over the
 * session id, both organisation ids, the step and the message's SHA-256 (see
 * `core/psi/psi-signature.ts`). The peer verifies it with the organisation's PSI key before
 * it answers.
 */
export const PsiSignature = z.base64().length(88)
export type PsiSignature = z.infer<typeof PsiSignature>

/**
 * Message 1, initiator to responder: the initiator's selectors hashed to the group and
 * blinded with its session secret `a`, in a random order.
 *
 * @example
 * InitiatorBlinded.parse({ protocol: PSI_PROTOCOL, kind: 'email', blinded: { count: 0, data: '' }, signature })
 */
export const InitiatorBlinded = z.object({
  protocol: z.literal(PSI_PROTOCOL),
  kind: SelectorKind,
  blinded: PackedElements,
  signature: PsiSignature,
})
export type InitiatorBlinded = z.infer<typeof InitiatorBlinded>

/**
 * Message 2, responder to initiator: the initiator's elements blinded again with the
 * responder's secret `b`, in the order received, and the responder's own selectors
 * blinded with `b`, in a random order.
 *
 * @example
 * ResponderReply.parse({ protocol: PSI_PROTOCOL, doubleBlinded: { count: 0, data: '' }, responderBlinded: { count: 0, data: '' }, signature })
 */
export const ResponderReply = z.object({
  protocol: z.literal(PSI_PROTOCOL),
  doubleBlinded: PackedElements,
  responderBlinded: PackedElements,
  signature: PsiSignature,
})
export type ResponderReply = z.infer<typeof ResponderReply>

/**
 * Message 3, initiator to the server, which completes the session. Under `cardinality`
 * terms it carries the intersection's size, as the initiator computed it; under `nothing`
 * it carries no size at all (the server refuses one), so no one but the initiator learns it.
 *
 * @example
 * InitiatorOutcome.parse({ protocol: PSI_PROTOCOL, intersectionSize: 3, signature })
 * InitiatorOutcome.parse({ protocol: PSI_PROTOCOL, signature })
 */
export const InitiatorOutcome = z.strictObject({
  protocol: z.literal(PSI_PROTOCOL),
  intersectionSize: z.int().min(0).max(PSI_MAX_ELEMENTS).optional(),
  signature: PsiSignature,
})
export type InitiatorOutcome = z.infer<typeof InitiatorOutcome>
