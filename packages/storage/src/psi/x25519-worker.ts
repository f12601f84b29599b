// A worker thread of the native PSI group: runs one batch per message and answers with
// the packed result, or with the error's code and message.
import { parentPort } from 'node:worker_threads'
import { isVigilError } from '@vigil/core'
import { blindBatch, hashAndBlindBatch } from './x25519-kernel.js'

export type WorkerRequest =
  | { readonly id: number; readonly op: 'hashAndBlind'; readonly secret: Uint8Array; readonly tag: string; readonly messages: Uint8Array[] }
  | { readonly id: number; readonly op: 'blind'; readonly secret: Uint8Array; readonly packed: Uint8Array }

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly packed: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly code: string | null; readonly message: string; readonly details: unknown }

parentPort?.on('message', (request: WorkerRequest) => {
  try {
    const packed =
      request.op === 'hashAndBlind'
        ? hashAndBlindBatch(request.secret, request.tag, request.messages)
        : blindBatch(request.secret, request.packed)
    parentPort?.postMessage({ id: request.id, ok: true, packed } satisfies WorkerResponse, [packed.buffer as ArrayBuffer])
  } catch (err) {
    const response: WorkerResponse = {
      id: request.id,
      ok: false,
      code: isVigilError(err) ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
      details: isVigilError(err) ? err.details : {},
    }
    parentPort?.postMessage(response)
  }
})
