import { randomBytes, randomUUID } from 'node:crypto'
import type { Random } from '@vigil/core'

/** Node's CSPRNG as core's `Random` port. */
export const nodeRandom: Random = Object.freeze({
  uuid: () => randomUUID(),
  bytes: (n: number) => new Uint8Array(randomBytes(n)),
})
