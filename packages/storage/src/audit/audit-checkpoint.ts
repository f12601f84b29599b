import { createHash, type KeyObject, sign, verify } from 'node:crypto'
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AuditCheckpoint } from '@vigil/contracts'
import { type ChainHead, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { auditHead } from './verify-audit-log.js'

const signedBytes = (c: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>): Buffer =>
  Buffer.from(`vigil-audit-checkpoint:v1:${c.seq}:${c.hash}:${c.at}`, 'utf8')

/** SHA-256 of a public key's SPKI DER, in hex: which key signed a checkpoint. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
}

/** Signs the chain head with the instance's Ed25519 key. */
export function signCheckpoint(head: ChainHead, at: Date, signingKey: KeyObject, verifyKey: KeyObject): AuditCheckpoint {
  const body = { seq: head.seq, hash: head.hash, at: at.toISOString() }
  return { version: 1, ...body, keyId: keyIdOf(verifyKey), signature: sign(null, signedBytes(body), signingKey).toString('base64url') }
}

/** Whether `checkpoint` was signed by the key `verifyKey` and is unaltered. */
export function isCheckpointAuthentic(checkpoint: AuditCheckpoint, verifyKey: KeyObject): boolean {
  if (checkpoint.keyId !== keyIdOf(verifyKey)) return false
  return verify(null, signedBytes(checkpoint), verifyKey, Buffer.from(checkpoint.signature, 'base64url'))
}

/** Where checkpoints live: `DATA_DIR/audit/checkpoint.json` (the latest) and `checkpoints.ndjson` (all). */
export function checkpointPaths(dataDir: string): { readonly latest: string; readonly history: string } {
  const dir = join(resolve(dataDir), 'audit')
  return { latest: join(dir, 'checkpoint.json'), history: join(dir, 'checkpoints.ndjson') }
}

/** Writes the checkpoint as the latest (atomically) and appends it to the history. */
export async function writeCheckpoint(dataDir: string, checkpoint: AuditCheckpoint): Promise<void> {
  const paths = checkpointPaths(dataDir)
  await mkdir(join(resolve(dataDir), 'audit'), { recursive: true, mode: 0o700 })
  const line = JSON.stringify(checkpoint)
  await appendFile(paths.history, `${line}\n`, { mode: 0o600 })
  const tmp = `${paths.latest}.${process.pid}.tmp`
  await writeFile(tmp, `${line}\n`, { mode: 0o600 })
  await rename(tmp, paths.latest)
}

/** Reads a checkpoint file; none when it does not exist. */
export async function readCheckpoint(path: string): Promise<AuditCheckpoint | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  const lines = text.trim().split('\n')
  const parsed = AuditCheckpoint.safeParse(safeJson(lines[lines.length - 1] ?? ''))
  if (!parsed.success) throw new VigilError('VALIDATION_FAILED', `${path}: not an audit checkpoint`)
  return parsed.data
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * Signs the current head of the audit log and writes it to the data directory, unless it
 * is the head `previous` already vouches for. Returns the new checkpoint, or null.
 */
export async function checkpointAuditLog(
  db: Kysely<Database>,
  options: {
    readonly dataDir: string
    readonly signingKey: KeyObject
    readonly verifyKey: KeyObject
    readonly now: Date
    readonly previous?: ChainHead | null
  },
): Promise<AuditCheckpoint | null> {
  const head = await auditHead(db)
  if (!head || (options.previous && options.previous.seq === head.seq)) return null
  const checkpoint = signCheckpoint(head, options.now, options.signingKey, options.verifyKey)
  await writeCheckpoint(options.dataDir, checkpoint)
  return checkpoint
}
