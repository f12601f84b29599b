import { type ErrorCode, isVigilError } from '@vigil/core'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'

/** The HTTP status of every error code; a code without one does not compile. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  CONFIG_INVALID: 500,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  AUTH_UNAUTHENTICATED: 401,
  AUTH_FORBIDDEN: 403,
  STORAGE_LOCKED: 503,
  STORAGE_MIGRATION_FAILED: 503,
  STORAGE_UNAVAILABLE: 503,
  // auth
  AUTH_ACCOUNT_LOCKED: 429,
  AUTH_SECOND_FACTOR_REQUIRED: 401,
  AUTH_CSRF_FAILED: 403,
  // audit
  AUDIT_CHAIN_BROKEN: 500,
  // detect
  DETECT_INPUT_INVALID: 400,
  DETECT_SIGNAL_UNAVAILABLE: 400,
  LIVE_UNAVAILABLE: 503,
  DETECT_RESOURCES_EXHAUSTED: 507,
  // disclose
  DISCLOSE_FOUR_EYES: 403,
  DISCLOSE_SELECTION_INVALID: 400,
  // requests
  REQUESTS_INVALID_TRANSITION: 409,
  REQUESTS_CONDITIONS_PENDING: 409,
  REQUESTS_DOWNLOAD_EXPIRED: 410,
  REQUESTS_REVIEW_STARTED: 409,
  // psi
  PSI_INVALID_MESSAGE: 400,
  PSI_SET_TOO_LARGE: 413,
  PSI_SESSION_NOT_RUNNABLE: 409,
  PSI_SESSION_EXPIRED: 410,
  PSI_SIGNATURE_INVALID: 400,
  // exchange
  EXCHANGE_COLLECTION_NOT_FOUND: 404,
  EXCHANGE_OBJECT_NOT_FOUND: 404,
  // taxii
  TAXII_NOT_ACCEPTABLE: 406,
  TAXII_UNSUPPORTED_MEDIA_TYPE: 415,
  TAXII_UNPROCESSABLE: 422,
  TAXII_REMOTE_FAILED: 502,
  INTERNAL: 500,
}

/** One rendered error, before it takes the shape of its surface (JSON API or TAXII). */
export interface RenderedError {
  readonly status: number
  readonly code: ErrorCode
  readonly message: string
  readonly details?: Readonly<Record<string, unknown>>
}

/** Renders an error for a surface; `/taxii2/` registers its own to speak TAXII's error format. */
export type ErrorRenderer = (error: RenderedError, request: FastifyRequest, reply: FastifyReply) => unknown

const renderJson: ErrorRenderer = (e, request) => ({
  error: { code: e.code, message: e.message, requestId: request.id, ...(e.details ? { details: e.details } : {}) },
})

// Fastify's own client errors (bad JSON, wrong content type, body too large) keep their status.
function codeForClientStatus(status: number): ErrorCode {
  if (status === 401) return 'AUTH_UNAUTHENTICATED'
  if (status === 403) return 'AUTH_FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  if (status === 409) return 'CONFLICT'
  if (status === 413) return 'PAYLOAD_TOO_LARGE'
  if (status === 429) return 'RATE_LIMITED'
  return 'VALIDATION_FAILED'
}

/** Classifies any thrown value; anything unknown becomes an opaque 500. */
export function classifyError(error: unknown): RenderedError & { readonly unexpected: boolean } {
  if (isVigilError(error)) {
    const status = HTTP_STATUS[error.code]
    return { status, code: error.code, message: error.message, details: error.details, unexpected: status >= 500 }
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' }))
    const where = error.validationContext ?? 'request'
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: `invalid ${where}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      details: { issues },
      unexpected: false,
    }
  }
  const status = (error as FastifyError | undefined)?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: codeForClientStatus(status), message: (error as Error).message, unexpected: false }
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error', unexpected: true }
}

/**
 * The one error path of the server: every route throws, this answers. Surfaces may
 * register a renderer for their URL prefix (TAXII answers in its own error format).
 */
export function installErrorHandler(app: FastifyInstance, renderers: ReadonlyMap<string, ErrorRenderer> = new Map()): void {
  const rendererFor = (url: string): ErrorRenderer => {
    for (const [prefix, render] of renderers) if (url.startsWith(prefix)) return render
    return renderJson
  }
  app.setErrorHandler((error, request, reply) => {
    const e = classifyError(error)
    if (e.unexpected) request.log.error({ err: error }, 'request failed')
    // A refusal of what the caller's role or organisation does not own is a security event.
    else if (e.status === 403) request.log.warn({ code: e.code, status: e.status, event: 'access-denied' }, `access denied: ${e.message}`)
    else request.log.info({ code: e.code, status: e.status }, e.message)
    return reply.status(e.status).send(rendererFor(request.url)(e, request, reply))
  })
  app.setNotFoundHandler((request, reply) => {
    const e: RenderedError = { status: 404, code: 'NOT_FOUND', message: `no route for ${request.method} ${request.url.split('?')[0]}` }
    return reply.status(404).send(rendererFor(request.url)(e, request, reply))
  })
}
