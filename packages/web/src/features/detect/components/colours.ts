import type { DetectSignal } from '@vigil/contracts'

// Ten hues, each at least 3:1 against white (WCAG 1.4.11 for graphics), so a node is seen.
const NETWORK_COLOURS = [
  '#0b5cad',
  '#c23b00',
  '#1a7f37',
  '#8250df',
  '#9a6700',
  '#0a7c86',
  '#bf3989',
  '#4a5360',
  '#a40e26',
  '#3d5a00',
] as const

/** The colour of a network (`n1`, `n2`, …), the same on every page that shows it. */
export function networkColour(networkId: string): string {
  const n = Number(networkId.slice(1))
  return NETWORK_COLOURS[(Number.isInteger(n) && n > 0 ? n - 1 : 0) % NETWORK_COLOURS.length] ?? NETWORK_COLOURS[0]
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
