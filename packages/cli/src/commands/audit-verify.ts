import { type AuditCheckpoint, AuditVerifyResult } from '@vigil/contracts'
import { isVigilError, VigilError } from '@vigil/core'
import { checkpointPaths, isCheckpointAuthentic, loadOrCreateSecrets, openStore, readCheckpoint, verifyAuditLog } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

export interface AuditVerifyOptions extends StorageOptions {
  readonly checkpoint?: string
  readonly json?: boolean
}

/** A checkpoint the caller named must be read: skipping it would silently skip the truncation check. */
async function readNamedCheckpoint(path: string): Promise<AuditCheckpoint> {
  const checkpoint = await readCheckpoint(path).catch((err: unknown) => {
    if (isVigilError(err)) throw err
    throw new VigilError(
      'VALIDATION_FAILED',
      `--checkpoint ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    )
  })
  if (checkpoint === null) throw new VigilError('VALIDATION_FAILED', `--checkpoint ${path}: no such file`)
  return checkpoint
}

/**
 * `vigil audit verify`: walks the hash chain, checks it against the latest signed
 * checkpoint, and prints `ok N entries` or the first broken entry (exit code 1).
 */
export async function auditVerify(io: CliIo, options: AuditVerifyOptions): Promise<number> {
  const config = configFrom(io, storageFlags(options))
  const checkpoint =
    options.checkpoint === undefined
      ? await readCheckpoint(checkpointPaths(config.dataDir).latest)
      : await readNamedCheckpoint(options.checkpoint)
  let result: AuditVerifyResult
  const database = await openStore(config, 'read')
  try {
    const secrets = checkpoint ? await loadOrCreateSecrets(config.dataDir, config.secrets) : undefined
    if (checkpoint && secrets && !isCheckpointAuthentic(checkpoint, secrets.verifyKey)) {
      result = {
        ok: false,
        entries: 0,
        seq: checkpoint.seq,
        reason: 'checkpoint-invalid',
        message: "the checkpoint's signature does not verify with this instance's key",
      }
    } else {
      const verdict = await verifyAuditLog(database.db, checkpoint ?? undefined)
      result = verdict.ok
        ? { ok: true, entries: verdict.entries, checkpoint: checkpoint ? { seq: checkpoint.seq, at: checkpoint.at } : null }
        : { ok: false, entries: verdict.entries, seq: verdict.seq, reason: verdict.reason, message: verdict.message }
    }
  } finally {
    await database.close()
  }
  result = AuditVerifyResult.parse(result)
  if (options.json) {
    writeLine(io.stdout, JSON.stringify(result))
    return result.ok ? 0 : 1
  }
  if (!result.ok)
    throw new VigilError('AUDIT_CHAIN_BROKEN', `audit log broken: ${result.message}`, { seq: result.seq, reason: result.reason })
  writeLine(io.stdout, `ok ${result.entries} entries`)
  if (result.checkpoint) writeLine(io.stdout, `checkpoint: entry ${result.checkpoint.seq}, signed ${result.checkpoint.at}, verified`)
  else writeLine(io.stderr, 'vigil: warning: no signed checkpoint found, so a cut-off tail of the log cannot be detected')
  return 0
}
