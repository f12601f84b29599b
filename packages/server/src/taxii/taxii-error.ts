import { STATUS_CODES } from 'node:http'
import { TAXII_MEDIA_TYPE, type TaxiiError } from '@vigil/contracts'
import type { ErrorRenderer } from '../http/error-handler.js'

/** Where the TAXII surface lives; its errors answer in TAXII's format. */
export const TAXII_PREFIX = '/taxii2/'

/** The challenges of a 401 under `/taxii2/`: TAXII clients use Basic (e-mail + API token) or Bearer. */
export const TAXII_AUTH_CHALLENGES = ['Basic realm="Vigil TAXII", charset="UTF-8"', 'Bearer realm="Vigil TAXII"']

/**
 * Renders any error under `/taxii2/` as a TAXII 2.1 error message (§3.6.1) in the TAXII
 * media type. Its own serializer keeps Fastify from appending a charset to that type.
 */
export const renderTaxiiError: ErrorRenderer = (e, request, reply): TaxiiError => {
  reply.header('content-type', TAXII_MEDIA_TYPE).serializer(JSON.stringify)
  if (e.status === 401) reply.header('www-authenticate', TAXII_AUTH_CHALLENGES)
  return {
    title: STATUS_CODES[e.status] ?? 'Error',
    description: e.message,
    error_id: request.id,
    error_code: e.code,
    http_status: String(e.status),
    ...(e.details && Object.keys(e.details).length > 0 ? { details: e.details } : {}),
  }
}
