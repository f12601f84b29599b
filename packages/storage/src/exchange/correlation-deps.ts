import { type Clock, type CorrelationInboxPorts, systemClock } from '@vigil/core'
import type { Kysely } from 'kysely'
import type { Database } from '../postgres/database-schema.js'
import { createCorrelationStore } from './correlation-store.js'
import { readObjects } from './object-reads.js'

// An inbox names the containers of at most a page of notices (100 by default, 1000 at most).
const CONTAINER_LIMIT = 5000

/**
 * The correlation inbox's ports over one database: the notices, and the objects and
 * containers they name, each read through the exchange's one read path (markings in SQL).
 *
 * @example
 * const list = await listCorrelations(createCorrelationDeps(db, clock), actor, { limit: 100 })
 */
export function createCorrelationDeps(db: Kysely<Database>, clock: Clock = systemClock): CorrelationInboxPorts {
  const correlations = createCorrelationStore(db, clock)
  return {
    correlateNew: () => correlations.correlateNew(),
    listNotices: (actor, query) => correlations.list(actor, query),
    async readVisible(actor, filter) {
      const page = await readObjects(db, actor, filter, { limit: CONTAINER_LIMIT }, 'list', clock.now())
      return page.objects
    },
  }
}
