// RFC 3492 Punycode with the IDNA parameters, for domain labels.
const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 128

function digit(d: number): string {
  return String.fromCharCode(d + 22 + 75 * (d < 26 ? 1 : 0))
}

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1
  d += Math.floor(d / points)
  let k = 0
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN))
    k += BASE
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW))
}

/** Punycode of one label (RFC 3492 §6.3), without the `xn--` prefix. */
export function punycodeEncode(label: string): string {
  const points = Array.from(label, (c) => c.codePointAt(0) ?? 0)
  let output = points
    .filter((p) => p < 0x80)
    .map((p) => String.fromCharCode(p))
    .join('')
  const basic = output.length
  let handled = basic
  if (basic > 0) output += '-'
  let n = INITIAL_N
  let delta = 0
  let bias = INITIAL_BIAS
  while (handled < points.length) {
    const m = Math.min(...points.filter((p) => p >= n))
    delta += (m - n) * (handled + 1)
    n = m
    for (const p of points) {
      if (p < n) delta++
      if (p !== n) continue
      let q = delta
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
        if (q < t) break
        output += digit(t + ((q - t) % (BASE - t)))
        q = Math.floor((q - t) / (BASE - t))
      }
      output += digit(q)
      bias = adapt(delta, handled + 1, handled === basic)
      delta = 0
      handled++
    }
    delta++
    n++
  }
  return output
}
