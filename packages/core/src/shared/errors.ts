/**
 * Every error code Vigil raises, one catalogue for all contexts (`CONTEXT_REASON`).
 * The server maps each to an HTTP status in a `Record<ErrorCode, number>`, so a new
 * code without a status does not compile.
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
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
  // disclose
  'DISCLOSE_SELECTION_INVALID',
  // requests
  'REQUESTS_INVALID_TRANSITION',
  'REQUESTS_CONDITIONS_PENDING',
  'REQUESTS_DOWNLOAD_EXPIRED',
  // psi
  'PSI_INVALID_MESSAGE',
  'PSI_SET_TOO_LARGE',
  'PSI_SESSION_NOT_RUNNABLE',
  'PSI_SESSION_EXPIRED',
  // taxii
  'TAXII_NOT_ACCEPTABLE',
  'TAXII_UNSUPPORTED_MEDIA_TYPE',
  'TAXII_UNPROCESSABLE',
  'TAXII_REMOTE_FAILED',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * The one error type of Vigil's domain. Core raises it; the server and CLI translate
 * the code into an HTTP status or an exit code.
 *
 * @example
 * throw new VigilError('AUTH_FORBIDDEN', 'analysts cannot review requests', { permission: 'requests:review' })
 */
export class VigilError extends Error {
  override readonly name = 'VigilError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** True when `value` is a {@link VigilError}, optionally of the given code. */
export function isVigilError(value: unknown, code?: ErrorCode): value is VigilError {
  return value instanceof VigilError && (code === undefined || value.code === code)
}
