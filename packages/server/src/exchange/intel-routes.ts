import {
  CorrelationList,
  CorrelationNotice,
  CorrelationNoticeId,
  CorrelationQuery,
  IngestResult,
  SightingParams,
  SightingQuery,
  SightingSummary,
  TagTechniquesInput,
  TechniqueQuery,
  TechniqueTagList,
} from '@vigil/contracts'
import { type Clock, dismissCorrelation, listCorrelations } from '@vigil/core'
import { createCorrelationDeps, createExchangeStore, type VigilDatabase } from '@vigil/storage'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { actorOf } from '../auth/auth-hook.js'

/**
 * What the combined information reveals: `/api/v1/correlations` (an organisation's
 * correlation inbox), `/api/v1/sightings` (who confirmed an object) and
 * `/api/v1/techniques` (DISARM tags). Every read goes through the exchange store's rules.
 */
export function intelRoutes(database: VigilDatabase, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    const store = createExchangeStore(database.db, clock)
    const correlations = createCorrelationDeps(database.db, clock)

    app.get(
      '/api/v1/correlations',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: "The caller's organisation's correlation notices, newest first",
          querystring: CorrelationQuery,
          response: { 200: CorrelationList },
        },
      },
      async (request) => {
        const q = request.query
        return listCorrelations(correlations, actorOf(request), {
          includeDismissed: q.include_dismissed,
          limit: q.limit,
          ...(q.object ? { object: q.object } : {}),
        })
      },
    )

    app.post(
      '/api/v1/correlations/:id/dismiss',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'Dismiss one of your organisation’s correlation notices',
          params: z.object({ id: CorrelationNoticeId }),
          response: { 200: CorrelationNotice },
        },
      },
      async (request) => dismissCorrelation(correlations, actorOf(request), request.params.id),
    )

    app.get(
      '/api/v1/sightings',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'Who confirmed an object: sightings per organisation, within markings',
          querystring: SightingQuery,
          response: { 200: SightingSummary },
        },
      },
      async (request) => store.sightings(actorOf(request), request.query.object),
    )

    app.post(
      '/api/v1/sightings/:id/withdraw',
      {
        config: { permission: 'exchange:write' },
        schema: {
          tags: ['exchange'],
          summary: "Withdraw your organisation's sighting (a revoked version of it), audited",
          params: SightingParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await store.withdrawSighting(actorOf(request), request.params.id)
        return reply.status(204).send(null)
      },
    )

    app.get(
      '/api/v1/techniques',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchange'],
          summary: 'The DISARM techniques an object is tagged with (proposed by detection or confirmed)',
          querystring: TechniqueQuery,
          response: { 200: TechniqueTagList },
        },
      },
      async (request) => store.techniques(actorOf(request), request.query.object),
    )

    app.post(
      '/api/v1/techniques',
      {
        config: { permission: 'exchange:write' },
        schema: {
          tags: ['exchange'],
          summary: 'Tag a campaign, network (grouping) or report with DISARM techniques',
          body: TagTechniquesInput,
          response: { 200: IngestResult },
        },
      },
      async (request) => store.tagTechniques(actorOf(request), request.body),
    )
  }
}
