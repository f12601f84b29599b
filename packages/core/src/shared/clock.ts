/** Time as a port, so that use cases and their tests agree on "now". */
export interface Clock {
  now(): Date
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() }

/**
 * A clock that stands still until moved; for tests and replays.
 *
 * @example
 * const clock = fixedClock(new Date('2026-01-01T00:00:00Z')); clock.advance(60_000)
 */
export function fixedClock(start: Date): Clock & { advance(ms: number): void; set(at: Date): void } {
  let t = start.getTime()
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms
    },
    set: (at) => {
      t = at.getTime()
    },
  }
}
