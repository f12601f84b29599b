import { z } from 'zod'
import { DetectedNetwork } from '../detect/networks-file.js'

/**
 * When a feed raises an alert: a network appears with at least `newAccounts` members, or
 * a known one grows by at least `growthAccounts`.
 */
export const LiveAlertRules = z.object({
  newAccounts: z.number().int().min(2).max(1_000_000).default(3),
  growthAccounts: z.number().int().min(1).max(1_000_000).default(2),
})
export type LiveAlertRules = z.infer<typeof LiveAlertRules>

/** A raised alert: a network that appeared (`new`) or grew (`growth`), as it was then. */
export const LiveAlert = z.object({
  id: z.number().int().positive(),
  feed: z.string(),
  kind: z.enum(['new', 'growth']),
  /** Members the network gained: all of them for a new network. */
  added: z.array(z.string()),
  network: DetectedNetwork,
  createdAt: z.iso.datetime(),
})
export type LiveAlert = z.infer<typeof LiveAlert>

/** A feed's alerts, newest first. */
export const LiveAlertList = z.object({ alerts: z.array(LiveAlert) })
export type LiveAlertList = z.infer<typeof LiveAlertList>
