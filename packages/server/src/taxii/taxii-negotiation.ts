import { TAXII_MEDIA_TYPE } from '@vigil/contracts'
import { VigilError } from '@vigil/core'
import type { FastifyInstance } from 'fastify'
import { installJsonBodies } from '../http/json-body.js'
import { acceptsTaxii21, isTaxii21ContentType } from './taxii-media-type.js'

export interface TaxiiNegotiationOptions {
  /** The API root's `max_content_length`: larger bodies are refused with 413. */
  readonly maxContentLength: number
}

/**
 * Makes the routes of this (encapsulated) instance speak TAXII 2.1 (§1.6.8): a request
 * must accept the TAXII media type (406 otherwise), a body must be sent in it (415
 * otherwise) and fit `max_content_length` (413), and every answer carries it.
 */
export function installTaxiiNegotiation(app: FastifyInstance, options: TaxiiNegotiationOptions): void {
  installJsonBodies(app, /^application\/taxii\+json(\s*;.*)?$/i, options.maxContentLength)
  // onRequest runs before the body is read, so a refused request costs nothing.
  app.addHook('onRequest', async (request) => {
    if (!acceptsTaxii21(request.headers.accept)) {
      throw new VigilError('TAXII_NOT_ACCEPTABLE', `the Accept header must include ${TAXII_MEDIA_TYPE}`, {
        accept: request.headers.accept ?? null,
      })
    }
    if (request.method !== 'POST') return
    if (!isTaxii21ContentType(request.headers['content-type'])) {
      throw new VigilError('TAXII_UNSUPPORTED_MEDIA_TYPE', `the Content-Type must be ${TAXII_MEDIA_TYPE}`, {
        contentType: request.headers['content-type'] ?? null,
      })
    }
    const length = Number(request.headers['content-length'])
    if (Number.isFinite(length) && length > options.maxContentLength) {
      throw new VigilError('PAYLOAD_TOO_LARGE', `the body exceeds max_content_length (${options.maxContentLength} bytes)`, {
        maxContentLength: options.maxContentLength,
      })
    }
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.type(TAXII_MEDIA_TYPE)
    return payload
  })
}
