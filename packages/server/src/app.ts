import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { AssessmentSettings } from '@vigil/contracts'
import { type Config, type PsiDeps, type RoutePermission, type SignInDeps, systemClock } from '@vigil/core'
import {
  createAuditReader,
  createAuthDeps,
  createDetectDeps,
  createDetectReads,
  createExchangeStore,
  createLiveAlertStore,
  createLiveFeedStore,
  createLiveWebhookStore,
  createPsiDeps,
  createSecretBox,
  createTaxiiStatusStore,
  createTaxiiStore,
  type InstanceSecrets,
  liveNetworkDeps,
  loadRequestsPolicy,
  nodeRandom,
  recordAccessDenied,
  type VigilDatabase,
} from '@vigil/storage'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type RawServerDefault } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { pino } from 'pino'
import { auditRoutes } from './audit/audit-routes.js'
import { authHook } from './auth/auth-hook.js'
import { authRoutes } from './auth/auth-routes.js'
import { type DetectQueue, uploadsDirOf } from './detect/detect-queue.js'
import { detectRoutes } from './detect/detect-routes.js'
import { discloseRoutes } from './disclose/disclose-routes.js'
import { disclosureDeps } from './disclose/disclosure-deps.js'
import { liveNetworkRoutes } from './disclose/live-network-routes.js'
import { exchangeRoutes } from './exchange/exchange-routes.js'
import { intelRoutes } from './exchange/intel-routes.js'
import { healthRoutes } from './health/health-routes.js'
import { installErrorHandler } from './http/error-handler.js'
import { installJsonBodies, refuseContentEncodings, refuseUnstorableText } from './http/json-body.js'
import { openApiTransform, securitySchemes } from './http/openapi.js'
import { registerRateLimit } from './http/rate-limit.js'
import { serveWebUi } from './http/web-ui.js'
import { liveAlertRoutes, liveStatusRoutes } from './live/live-alert-routes.js'
import { liveFeedRoutes } from './live/live-feed-routes.js'
import { liveIngestRoutes } from './live/live-ingest-routes.js'
import { createLiveNats } from './live/live-nats.js'
import { liveWebhookRoutes } from './live/live-webhook-routes.js'
import { psiRoutes } from './psi/psi-routes.js'
import { requestsRoutes } from './requests/requests-routes.js'
import { renderTaxiiError, TAXII_PREFIX } from './taxii/taxii-error.js'
import { taxiiRoutes } from './taxii/taxii-routes.js'
import { VERSION } from './version.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares who may call it; registration fails without it. */
    permission?: RoutePermission
  }
}

export interface AppDeps {
  readonly config: Config
  readonly database: VigilDatabase
  readonly secrets: InstanceSecrets
  /** A pino logger; none logs nothing (tests). */
  readonly logger?: FastifyBaseLogger
  /** The built web UI to serve at `/`, if any. */
  readonly webRoot?: string
  /** The identity ports; by default over `database` with the wall clock and full-cost scrypt. */
  readonly identity?: SignInDeps
  /** The data-request policy; by default read from `VIGIL_REQUESTS_POLICY` (or the defaults). */
  readonly requestsPolicy?: AssessmentSettings
  /** The PSI session ports; by default over `database`, on the identity clock. */
  readonly psi?: PsiDeps
  /** The detection job queue (`startDetectQueue`); without it, runs can be read but not started. */
  readonly detectQueue?: Pick<DetectQueue, 'enqueue'>
  /** Extra plugins, registered after the contexts (for embedding and tests). */
  readonly plugins?: readonly FastifyPluginAsync[]
}

/** The application as built: Node's HTTP server, zod-typed routes. */
export type VigilApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>

const REQUEST_ID = /^[\w.:-]{1,128}$/

/**
 * Builds the HTTP application: plugins, the one error handler, and every context's
 * routes. Never listens; `main.ts` does, and tests call `app.inject()`.
 */
export async function buildApp(deps: AppDeps): Promise<VigilApp> {
  const app: VigilApp = Fastify({
    loggerInstance: deps.logger ?? pino({ enabled: false }),
    bodyLimit: deps.config.bodyLimit,
    trustProxy: typeof deps.config.trustProxy === 'boolean' ? deps.config.trustProxy : [...deps.config.trustProxy],
    requestIdHeader: false,
    // A client's request id is kept when it is sane, so logs join across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>()

  // One JSON reader for every body: clear errors for broken JSON and `__proto__` keys, 415 for
  // compressed bodies, 400 for text PostgreSQL cannot store.
  app.removeContentTypeParser('application/json')
  installJsonBodies(app, 'application/json')
  refuseContentEncodings(app)
  refuseUnstorableText(app)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app, new Map([[TAXII_PREFIX, renderTaxiiError]]))

  app.addHook('onRoute', (route) => {
    if (route.config?.permission === undefined && !route.url.startsWith('/api/docs') && route.method !== 'HEAD') {
      throw new Error(`route ${String(route.method)} ${route.url} declares no permission`)
    }
  })
  // While closing, answers in flight end their keep-alive connections, so that close()
  // waits for those answers and not for idle clients to hang up.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    if (closing) reply.header('connection', 'close')
  })

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI and the web UI's graph canvas need inline styles and data: images.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Instances behind plain HTTP on a LAN must still load their own assets.
        upgradeInsecureRequests: null,
      },
    },
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vigil API', version: VERSION, description: 'Detect, share and request: the Vigil HTTP API.' },
      servers: [{ url: deps.config.publicUrl }],
      components: { securitySchemes: securitySchemes(deps.config.publicUrl.startsWith('https:')) },
    },
    transform: openApiTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false })

  const identity = deps.identity ?? createAuthDeps(deps.database.db, { secretBox: createSecretBox(deps.secrets.dataKey) })
  await app.register(cookie)
  // Rate-limit windows are real time, whatever clock the use cases are given.
  await registerRateLimit(app, { database: deps.database, clock: systemClock, perMinute: deps.config.rateLimit.perMinute })
  const secureCookies = deps.config.publicUrl.startsWith('https:')
  await app.register(authHook, {
    identity,
    sessionSecret: deps.secrets.sessionSecret,
    secureCookies,
    auditDenied: async (actor, permission, request) => {
      await recordAccessDenied(
        deps.database.db,
        actor,
        { permission, route: request.routeOptions.url ?? request.url, method: request.method, requestId: request.id },
        identity.clock.now(),
      )
    },
  })

  await app.register(healthRoutes({ database: deps.database, version: VERSION }))
  await app.register(
    authRoutes({
      identity,
      sessionSecret: deps.secrets.sessionSecret,
      secureCookies,
      signInPerMinute: deps.config.rateLimit.signInPerMinute,
      publicUrl: deps.config.publicUrl,
    }),
  )
  await app.register(
    auditRoutes({
      reader: createAuditReader(deps.database.db),
      database: deps.database,
      dataDir: deps.config.dataDir,
      verifyKey: deps.secrets.verifyKey,
    }),
  )
  await app.register(
    requestsRoutes({
      database: deps.database,
      identity,
      signingKey: deps.secrets.signingKey,
      settings: deps.requestsPolicy ?? (await loadRequestsPolicy(deps.config.requestsPolicyFile)),
    }),
  )
  await app.register(psiRoutes(deps.psi ?? createPsiDeps(deps.database.db, { clock: identity.clock })))
  const { db } = deps.database
  const exchange = createExchangeStore(db, identity.clock)
  await app.register(exchangeRoutes(exchange, identity.clock))
  await app.register(
    taxiiRoutes({
      config: deps.config,
      statuses: createTaxiiStatusStore(db),
      store: createTaxiiStore(db, exchange, identity.clock),
      clock: identity.clock,
    }),
  )
  await app.register(intelRoutes(deps.database, identity.clock))
  const detectDirs = {
    dumpDir: deps.config.detect.dumpDir,
    uploadsDir: uploadsDirOf(deps.config.dataDir),
    uploadLimit: deps.config.detect.uploadLimit,
  }
  await app.register(
    detectRoutes({
      detect: createDetectDeps(db, exchange, detectDirs, deps.detectQueue, identity.clock, nodeRandom),
      runs: createDetectReads(db),
      ...detectDirs,
    }),
  )
  const liveFeeds = createLiveFeedStore(db)
  const liveNats = createLiveNats(deps.config.natsUrl)
  app.addHook('onClose', () => liveNats.close())
  await app.register(liveFeedRoutes(liveFeeds, identity.clock))
  await app.register(liveStatusRoutes({ db, nats: liveNats }))
  await app.register(liveAlertRoutes({ feeds: liveFeeds, alerts: createLiveAlertStore(db), clock: identity.clock }))
  await app.register(
    liveWebhookRoutes({
      store: createLiveWebhookStore(db, deps.config.liveDelivery),
      requireWritable: (actor, collection) => exchange.requireWritable(actor, collection),
      clock: identity.clock,
    }),
  )
  await app.register(liveIngestRoutes({ store: liveFeeds, nats: liveNats, ...deps.config.liveIngest }))
  await app.register(discloseRoutes(disclosureDeps(db, exchange, uploadsDirOf(deps.config.dataDir)), identity.clock))
  await app.register(liveNetworkRoutes(liveNetworkDeps(db, liveNats.connection), identity.clock))
  for (const plugin of deps.plugins ?? []) await app.register(plugin)
  if (deps.webRoot) await app.register(serveWebUi(deps.webRoot))
  return app
}
