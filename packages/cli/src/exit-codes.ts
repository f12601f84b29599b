import type { ErrorCode } from '@vigil/core'

/**
 * The exit code of each error: 2 for what the caller can correct in the command line or
 * environment, 3 for an unavailable or busy store, 1 for the rest. Every code needs one.
 */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  CONFIG_INVALID: 2,
  VALIDATION_FAILED: 2,
  NOT_FOUND: 1,
  CONFLICT: 1,
  PAYLOAD_TOO_LARGE: 2,
  RATE_LIMITED: 1,
  AUTH_UNAUTHENTICATED: 1,
  AUTH_FORBIDDEN: 1,
  STORAGE_LOCKED: 3,
  STORAGE_MIGRATION_FAILED: 3,
  STORAGE_UNAVAILABLE: 3,
  // auth
  AUTH_ACCOUNT_LOCKED: 1,
  AUTH_SECOND_FACTOR_REQUIRED: 1,
  AUTH_CSRF_FAILED: 1,
  // audit
  AUDIT_CHAIN_BROKEN: 1,
  // detect
  DETECT_INPUT_INVALID: 2,
  DETECT_SIGNAL_UNAVAILABLE: 2,
  // disclose
  DISCLOSE_SELECTION_INVALID: 2,
  // requests
  REQUESTS_INVALID_TRANSITION: 1,
  REQUESTS_CONDITIONS_PENDING: 1,
  REQUESTS_DOWNLOAD_EXPIRED: 1,
  // psi
  PSI_INVALID_MESSAGE: 1,
  PSI_SET_TOO_LARGE: 2,
  PSI_SESSION_NOT_RUNNABLE: 1,
  PSI_SESSION_EXPIRED: 1,
  // taxii
  TAXII_NOT_ACCEPTABLE: 1,
  TAXII_UNSUPPORTED_MEDIA_TYPE: 1,
  TAXII_UNPROCESSABLE: 2,
  TAXII_REMOTE_FAILED: 1,
  INTERNAL: 1,
}
