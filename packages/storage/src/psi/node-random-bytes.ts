import { randomBytes } from 'node:crypto'
import type { RandomBytes } from '@vigil/core'

/** The PSI's randomness (secrets, shuffles) from the operating system's CSPRNG. */
export const nodeRandomBytes: RandomBytes = (length) => new Uint8Array(randomBytes(length))
