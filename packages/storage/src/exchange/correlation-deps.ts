import { type Clock, type CorrelationDeps, systemClock } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createCorrelationStore } from './correlation-store.js'
import { createExchangeDeps } from './exchange-store.js'

/**
 * Correlation's ports over one database: its store, and the exchange's object reads (the
 * one read path, markings in SQL) for the containers a notice names.
 *
 * @example
 * const list = await listCorrelations(createCorrelationDeps(db, clock), actor, { limit: 100 })
 */
export function createCorrelationDeps(db: Kysely<Database>, clock: Clock = systemClock): CorrelationDeps {
  const { objects, random } = createExchangeDeps(db, clock)
  return { correlations: createCorrelationStore(db), objects, clock, random }
}
