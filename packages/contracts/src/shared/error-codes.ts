import { z } from 'zod'

/**
 * Every error code Vigil answers, one catalogue for all contexts (`CONTEXT_REASON`). It is a
 * wire contract: the JSON error body, the TAXII error message and the CLI's exit codes all
 * speak it. The server maps each to an HTTP status and the CLI to an exit code in a
 * `Record<ErrorCode, number>`, so a new code without both does not compile.
 *
 * @example
 * ERROR_CODES.includes('AUTH_FORBIDDEN') // true
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'AUTH_UNAUTHENTICATED',
  'AUTH_FORBIDDEN',
  'STORAGE_LOCKED',
  'STORAGE_MIGRATION_FAILED',
  'STORAGE_UNAVAILABLE',
  // auth: sign-in, second factor, cookie-authenticated writes
  'AUTH_ACCOUNT_LOCKED',
  'AUTH_SECOND_FACTOR_REQUIRED',
  'AUTH_CSRF_FAILED',
  // audit
  'AUDIT_CHAIN_BROKEN',
  // detect
  'DETECT_INPUT_INVALID',
  'DETECT_SIGNAL_UNAVAILABLE',
  'LIVE_UNAVAILABLE',
  'DETECT_RESOURCES_EXHAUSTED',
  // disclose
  'DISCLOSE_FOUR_EYES',
  'DISCLOSE_SELECTION_INVALID',
  // requests
  'REQUESTS_INVALID_TRANSITION',
  'REQUESTS_CONDITIONS_PENDING',
  'REQUESTS_DOWNLOAD_EXPIRED',
  'REQUESTS_REVIEW_STARTED',
  // psi
  'PSI_INVALID_MESSAGE',
  'PSI_SET_TOO_LARGE',
  'PSI_SESSION_NOT_RUNNABLE',
  'PSI_SESSION_EXPIRED',
  'PSI_SIGNATURE_INVALID',
  // exchange: what clients branch on (a hidden collection or object reads as an absent one)
  'EXCHANGE_COLLECTION_NOT_FOUND',
  'EXCHANGE_OBJECT_NOT_FOUND',
  // taxii
  'TAXII_NOT_ACCEPTABLE',
  'TAXII_UNSUPPORTED_MEDIA_TYPE',
  'TAXII_UNPROCESSABLE',
  'TAXII_REMOTE_FAILED',
  'INTERNAL',
] as const

/**
 * One code of {@link ERROR_CODES}, as the schema of a wire field.
 *
 * @example
 * ErrorCode.parse('AUTH_FORBIDDEN') // 'AUTH_FORBIDDEN'
 */
export const ErrorCode = z.enum(ERROR_CODES)
export type ErrorCode = z.infer<typeof ErrorCode>

/**
 * True when `value` is one of Vigil's error codes (an answer from a peer, a worker's message).
 *
 * @example
 * isErrorCode('NOT_FOUND') // true
 * isErrorCode('E_NOPE') // false
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return ErrorCode.safeParse(value).success
}
