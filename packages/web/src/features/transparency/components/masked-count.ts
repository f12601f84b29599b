import type { MaskedCount } from '@vigil/contracts'

/** The published report masks counts from 1 to 9: the range a count may be, `[n, n]` when exact. */
export const maskedRange = (n: MaskedCount): readonly [number, number] => (n === '<10' ? [1, 9] : [n, n])

/** A count as the page writes it: a masked one as the band "1–9". */
export const maskedText = (n: MaskedCount): string => (n === '<10' ? '1–9' : String(n))
