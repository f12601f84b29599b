import { z } from 'zod'

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex')

/**
 * A signed statement of the audit chain's head, kept outside the database (a file in the
 * data directory and the log stream) so that cutting off the newest entries is detectable.
 *
 * @example
 * { version: 1, seq: 1200, hash: '9c1f…', at: '2026-03-01T12:00:00.000Z', keyId: 'a1b2…', signature: 'base64url…' }
 */
export const AuditCheckpoint = z.object({
  version: z.literal(1),
  seq: z.number().int().min(1),
  hash: Sha256Hex,
  at: z.iso.datetime(),
  /** SHA-256 of the signing key's public key (SPKI DER), to tell keys apart. */
  keyId: Sha256Hex,
  /** Ed25519 over `vigil-audit-checkpoint:v1:<seq>:<hash>:<at>`, base64url. */
  signature: z.string().min(1).max(200),
})
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>

/**
 * `vigil audit verify --json`: the chain is intact (`ok`), or where it first breaks.
 *
 * @example
 * { ok: true, entries: 1234, checkpoint: { seq: 1200, at: '…' } }
 */
export const AuditVerifyResult = z.union([
  z.object({
    ok: z.literal(true),
    entries: z.number().int().min(0),
    checkpoint: z.object({ seq: z.number().int(), at: z.iso.datetime() }).nullable(),
  }),
  z.object({
    ok: z.literal(false),
    entries: z.number().int().min(0),
    seq: z.number().int(),
    reason: z.enum(['sequence-gap', 'prev-hash-mismatch', 'hash-mismatch', 'checkpoint-mismatch', 'missing-tail', 'checkpoint-invalid']),
    message: z.string(),
  }),
])
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>
