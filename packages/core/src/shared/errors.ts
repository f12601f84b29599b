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
  // psi
  'PSI_INVALID_MESSAGE',
  'PSI_SET_TOO_LARGE',
  'PSI_SESSION_NOT_RUNNABLE',
  'PSI_SESSION_EXPIRED',
  'PSI_SIGNATURE_INVALID',
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
    super(printableMessage(message), options)
  }
}

/** The longest run of non-space characters a message keeps whole (a 1 MB id is cut). */
const MAX_TOKEN = 200
/** The longest message kept whole. */
const MAX_MESSAGE = 2000

/**
 * A message safe to print on a terminal and in a log: control characters (C0, DEL, C1, and
 * the bidirectional overrides, which can hide or reorder text) become visible `\uXXXX`
 * escapes, so input can never move the cursor, set a title or colour the screen; and very
 * long values are shortened. Every {@link VigilError} message goes through it, since many
 * are built from input.
 *
 * @example
 * printableMessage('bad header "\u001b]0;pwned\u0007"') // 'bad header "\\u001b]0;pwned\\u0007"'
 */
export function printableMessage(message: string): string {
  const escaped = message.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  const shortened = escaped.replace(
    new RegExp(`\\S{${MAX_TOKEN + 1},}`, 'g'),
    (token) => `${token.slice(0, MAX_TOKEN / 2)}… (${token.length} characters)`,
  )
  return shortened.length > MAX_MESSAGE ? `${shortened.slice(0, MAX_MESSAGE)}… (${shortened.length} characters)` : shortened
}

/** True when `value` is a {@link VigilError}, optionally of the given code. */
export function isVigilError(value: unknown, code?: ErrorCode): value is VigilError {
  return value instanceof VigilError && (code === undefined || value.code === code)
}
