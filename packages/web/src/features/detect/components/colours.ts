import type { DetectSignal } from '@vigil/contracts'

// Hues step by the golden angle, so neighbouring networks differ and no colour comes back
// after ten networks; lightness and saturation change with each turn of the wheel, and each
// colour is darkened until it reaches 3:1 against white (WCAG 1.4.11 for graphics).
const GOLDEN_ANGLE = 137.508

/** The colour of a network (`n1`, `n2`, …), the same on every page that shows it. */
export function networkColour(networkId: string): string {
  const parsed = Number(networkId.slice(1))
  const n = Number.isInteger(parsed) && parsed > 0 ? parsed - 1 : 0
  const hue = (n * GOLDEN_ANGLE + 210) % 360
  const turn = Math.floor((n * GOLDEN_ANGLE) / 360)
  const saturation = [0.75, 0.55, 0.9][turn % 3] ?? 0.75
  let lightness = [0.42, 0.32, 0.37][Math.floor(turn / 3) % 3] ?? 0.42
  let rgb = hslToRgb(hue, saturation, lightness)
  while (contrastWithWhite(rgb) < 3 && lightness > 0.1) {
    lightness -= 0.02
    rgb = hslToRgb(hue, saturation, lightness)
  }
  return `#${rgb
    .map((c) =>
      Math.round(c * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l)
  const f = (k0: number) => {
    const k = (k0 + h / 30) % 12
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))
  }
  return [f(0), f(8), f(4)]
}

/** The contrast ratio of an sRGB colour (channels in [0, 1]) against white. */
export function contrastWithWhite([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
  return 1.05 / (luminance + 0.05)
}

/** One colour per signal, for the edges and their legend. */
export const SIGNAL_COLOURS: Readonly<Record<DetectSignal, string>> = {
  'co-reshare': '#e36209',
  'co-link': '#0969da',
  'co-domain': '#54aeff',
  'co-hashtag': '#2da44e',
  'co-mention': '#bf8700',
  'co-reply': '#8250df',
  'co-image': '#cf222e',
  'co-text': '#6e7781',
  'co-similar-text': '#bf3989',
  'co-profile': '#1b7c83',
}

/**
 * A line style per signal as well as a colour, so signals stay apart for readers who do not
 * tell the colours apart: the canvas dash pattern (empty: solid) and its SVG form.
 */
export const SIGNAL_DASHES: Readonly<Record<DetectSignal, readonly number[]>> = {
  'co-reshare': [],
  'co-link': [8, 4],
  'co-domain': [2, 3],
  'co-hashtag': [10, 3, 2, 3],
  'co-mention': [4, 4],
  'co-reply': [12, 6],
  'co-image': [2, 2, 8, 2],
  'co-text': [6, 2, 2, 2, 2, 2],
  'co-similar-text': [1, 4],
  'co-profile': [14, 3, 2, 3, 2, 3],
}
