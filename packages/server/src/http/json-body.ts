import { storageIssue } from '@vigil/contracts'
import { VigilError } from '@vigil/core'
import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route stores a body's STIX objects one by one and refuses, as a failure of that
     * object alone, each one holding text that cannot be stored; `refuseUnstorableText`
     * then leaves its body to it.
     */
    textCheckedPerObject?: boolean
  }
}

// Iterative: a body may nest far deeper than the stack (JSON.parse's reviver recurses).
function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v !== 'object' || v === null) continue
    if (!Array.isArray(v) && Object.hasOwn(v, '__proto__')) return true
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push(child)
  }
  return false
}

/**
 * Parses a request body (or an uploaded file) as JSON, with one clear error per problem:
 * not JSON at all (with the parser's reason), or a `__proto__` key, which is refused as
 * prototype pollution (JSON.parse makes it an own property, harmless until something
 * merges it). Any other JSON is returned as parsed, however deep.
 *
 * @example
 * parseJsonBody('{"__proto__": {}}', 'the body') // throws VALIDATION_FAILED: the body has a "__proto__" key…
 */
export function parseJsonBody(text: string, what = 'the body'): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new VigilError('VALIDATION_FAILED', `${what} is not valid JSON: ${(err as Error).message.slice(0, 200)}`)
  }
  if (hasProtoKey(value))
    throw new VigilError('VALIDATION_FAILED', `${what} has a "__proto__" key, which Vigil refuses (it could pollute prototypes)`)
  return value
}

/**
 * Reads the JSON media types of `app` with `parseJsonBody`, and refuses any
 * `Content-Encoding` but `identity` with 415 before the body is read: a compressed body
 * would otherwise be read as broken JSON.
 */
export function installJsonBodies(
  app: FastifyInstance,
  mediaTypes: string | RegExp | readonly (string | RegExp)[],
  bodyLimit?: number,
): void {
  app.addContentTypeParser(
    mediaTypes as string[],
    { parseAs: 'string', ...(bodyLimit === undefined ? {} : { bodyLimit }) },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string))
      } catch (err) {
        done(err as Error, undefined)
      }
    },
  )
}

/** Refuses request bodies sent with a `Content-Encoding` Vigil does not read (415). */
export function refuseContentEncodings(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase()
    if (encoding && encoding !== 'identity')
      throw new VigilError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Encoding '${encoding.slice(0, 40)}' is not accepted: send the body uncompressed`,
        {
          contentEncoding: encoding.slice(0, 40),
        },
      )
  })
}

// Far deeper than any body Vigil reads; the check walks a path per value, so it must stop.
const MAX_REQUEST_DEPTH = 512

/**
 * Refuses, with a 400 naming the path, any request whose path parameters, query string or
 * JSON body hold a NUL (which PostgreSQL cannot store) or a lone UTF-16 surrogate (not
 * Unicode text), or nest deeper than 512 levels: one check for every route, before its
 * schema, so no such string reaches a use case or the database. Routes that refuse such
 * objects one by one (`textCheckedPerObject`) keep their bodies.
 *
 * @example
 * // POST /api/v1/requests {"request":{"caseNumber":"F\u0000"}} → 400 the body: $["request"]["caseNumber"] holds a NUL character…
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const parts: [string, unknown][] = [
      ['the path', request.params],
      ['the query string', request.query],
      ['the body', request.routeOptions.config.textCheckedPerObject ? undefined : request.body],
    ]
    for (const [part, value] of parts) {
      const issue = storageIssue(value, { depth: MAX_REQUEST_DEPTH, chars: Number.POSITIVE_INFINITY })
      if (issue) throw new VigilError('VALIDATION_FAILED', `${part}: ${issue.path} ${issue.message}`, { path: issue.path })
    }
  })
}
