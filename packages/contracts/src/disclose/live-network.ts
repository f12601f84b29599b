import { z } from 'zod'
import { RunNetworkId } from '../detect/detect-api.js'
import { DetectedNetwork } from '../detect/networks-file.js'

/**
 * `POST /api/v1/live/feeds/:feed/networks`: confirms the network an alert raised, as the
 * feed's detection has it now, so that it can be disclosed.
 *
 * @example
 * ConfirmLiveNetworkInput.parse({ alert: 12, note: 'same links within seconds, known operator' })
 */
export const ConfirmLiveNetworkInput = z.object({
  alert: z.number().int().positive(),
  note: z.string().max(2000).default(''),
})
export type ConfirmLiveNetworkInput = z.input<typeof ConfirmLiveNetworkInput>

/**
 * A confirmed live network: a snapshot taken at confirmation of a network of a feed (its
 * members, edges, scores and evidence, and its members' posts in the feed's stream), under an
 * id of its own (`n` and a number) that later recomputations of the feed do not change.
 */
export const LiveNetwork = z.object({
  id: RunNetworkId,
  feed: z.string(),
  /** The alert that raised it. */
  alert: z.number().int().positive().nullable(),
  network: DetectedNetwork,
  /** Its members' posts in the feed's stream at confirmation. */
  posts: z.number().int().nonnegative(),
  note: z.string(),
  confirmedBy: z.string(),
  confirmedAt: z.iso.datetime(),
})
export type LiveNetwork = z.infer<typeof LiveNetwork>

/** `GET /api/v1/live/feeds/:feed/networks`: a feed's confirmed networks, newest first. */
export const LiveNetworkList = z.object({ networks: z.array(LiveNetwork) })
export type LiveNetworkList = z.infer<typeof LiveNetworkList>
