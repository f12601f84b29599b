import type { SwaggerTransform } from '@fastify/swagger'
import { ErrorBody, TaxiiError } from '@vigil/contracts'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { sessionCookieName } from '../auth/credentials.js'
import { CSRF_HEADER } from '../auth/csrf.js'
import { TAXII_PREFIX } from '../taxii/taxii-error.js'

/** The ways a caller authenticates, as the auth hook reads them (`auth/credentials.ts`). */
export function securitySchemes(secureCookies: boolean) {
  return {
    bearer: { type: 'http', scheme: 'bearer', description: 'An API token: `Authorization: Bearer <token>`' },
    basic: { type: 'http', scheme: 'basic', description: "The user's e-mail and an API token (TAXII clients)" },
    cookie: {
      type: 'apiKey',
      in: 'cookie',
      name: sessionCookieName(secureCookies),
      description: `The web UI's session; writes also send the \`${CSRF_HEADER}\` header`,
    },
  } as const
}

// Every status the error handler answers with (`http/error-handler.ts`); 401 and 403 only
// where a caller must authenticate.
const ERROR_RESPONSES: Readonly<Record<number, string>> = {
  400: 'The request is invalid: the message names each problem',
  401: 'No valid credentials',
  403: 'The caller may not do this',
  404: 'Not found, or not visible to the caller (the two look the same)',
  409: 'Conflicts with the current state',
  413: 'The body exceeds the limit',
  415: 'The media type or Content-Encoding is not accepted',
  422: 'Well-formed but cannot be processed',
  429: 'Too many requests: retry after the Retry-After header',
}

/**
 * The OpenAPI transform of every route: zod schemas to JSON Schema, plus what the route
 * schemas do not say: the security schemes of every non-public operation and the error
 * responses with the one error body (the TAXII error message under `/taxii2/`).
 */
export const openApiTransform: SwaggerTransform = (input) => {
  const isPublic = (input.route.config as { permission?: string } | undefined)?.permission === 'public'
  const body: z.ZodType = input.url.startsWith(TAXII_PREFIX) ? TaxiiError : ErrorBody
  const declared = ((input.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {}) as Record<string, unknown>
  const errors = Object.fromEntries(
    Object.entries(ERROR_RESPONSES)
      .filter(([status]) => !(isPublic && (status === '401' || status === '403')) && !(status in declared))
      .map(([status, description]) => [status, body.describe(description)]),
  )
  const out = jsonSchemaTransform({ ...input, schema: { ...input.schema, response: { ...declared, ...errors } } } as never)
  if (isPublic) return out
  return { ...out, schema: { ...out.schema, security: [{ bearer: [] }, { basic: [] }, { cookie: [] }] } }
}
