import { z } from 'zod'
import { VigilError } from './errors.js'

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

const boolish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

/**
 * `VIGIL_TRUST_PROXY`: `true`/`false`, or a comma-separated list of the proxies'
 * addresses/CIDRs, whose `X-Forwarded-*` headers are then believed.
 */
const TrustProxy = z.union([
  boolish,
  z
    .string()
    .regex(/^[0-9a-fA-F.:/,\s]+$/, 'expected true, false or a list of addresses')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
])

const EnvSchema = z.object({
  VIGIL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  VIGIL_DATA_DIR: z.string().min(1).default('./vigil-data'),
  VIGIL_HOST: z.string().min(1).default('127.0.0.1'),
  VIGIL_PORT: z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535).default(8080),
  VIGIL_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_TRUST_PROXY: TrustProxy.default(false),
  VIGIL_LOG_LEVEL: LogLevel.default('info'),
  VIGIL_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .default(10 * 1024 * 1024),
  VIGIL_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  VIGIL_SIGNING_KEY: z.string().min(1).optional(),
  VIGIL_DATA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'expected 32 bytes in base64url (43 characters)')
    .optional(),
  VIGIL_AUDIT_CHECKPOINT_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  VIGIL_AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  VIGIL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  VIGIL_SIGN_IN_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  VIGIL_REQUESTS_POLICY: z.string().min(1).optional(),
  VIGIL_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL')
    .optional(),
  VIGIL_MAIL_FROM: z.string().min(3).default('vigil@localhost'),
  VIGIL_DETECT_DIR: z.string().min(1).optional(),
  VIGIL_DETECT_UPLOAD_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 4)
    .default(1024 ** 3),
  VIGIL_DETECT_WORKER_TIMEOUT: z.coerce.number().int().min(1).max(86_400).default(60),
  VIGIL_NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s]+$/, 'expected nats://host:port (or several, comma-separated)')
    .optional(),
  VIGIL_LIVE_INGEST_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .default(8 * 1024 ** 2),
  VIGIL_LIVE_INGEST_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  VIGIL_LIVE_WEBHOOK_LOOPBACK: boolish.default(false),
  VIGIL_LIVE_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  VIGIL_LIVE_WEBHOOK_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
})

/** The instance configuration, parsed once from `VIGIL_*` variables and frozen. */
export type Config = Readonly<{
  databaseUrl: string | undefined
  dataDir: string
  host: string
  port: number
  publicUrl: string
  trustProxy: boolean | readonly string[]
  logLevel: z.infer<typeof LogLevel>
  bodyLimit: number
  /** Secrets given by the environment; those absent are generated into the data directory. */
  secrets: Readonly<{ sessionSecret: string | undefined; signingKeyPem: string | undefined; dataKey: string | undefined }>
  /** The audit chain's head is signed and written out after this many new entries, or this many seconds. */
  auditCheckpoint: Readonly<{ everyEntries: number; everySeconds: number }>
  /** Requests per minute per token, session or (without credentials) address; sign-ins per minute per address. */
  rateLimit: Readonly<{ perMinute: number; signInPerMinute: number }>
  /** A JSON file of the data-request portal's policy settings (docs/REQUESTS.md); defaults without it. */
  requestsPolicyFile: string | undefined
  /** Where user notices go: an SMTP server, or (without one) the outbox file in the data directory. */
  mail: Readonly<{ smtpUrl: string | undefined; from: string }>
  /**
   * Server-side detection: the operator's dump directory (default `<data dir>/dumps`), the
   * largest dump file accepted, in bytes, and how long a worker may go unheard before
   * another instance takes its runs over (seconds; PostgreSQL only).
   */
  detect: Readonly<{ dumpDir: string; uploadLimit: number; workerTimeoutSeconds: number }>
  /** NATS JetStream for live detection (docs/LIVE.md); without it live detection is off and all else works. */
  natsUrl: string | undefined
  /** `POST /api/v1/live/feeds/:feed/posts`: the largest body in bytes (413 above) and requests per minute per credential. */
  liveIngest: Readonly<{ bodyLimit: number; perMinute: number }>
  /**
   * Alert deliveries (webhooks, STIX): whether webhooks may be plain http to 127.0.0.1, how
   * many attempts a delivery gets, and the first retry's delay in seconds (doubling after).
   */
  liveDelivery: Readonly<{ allowLoopbackHttp: boolean; attempts: number; retrySeconds: number }>
}>

/**
 * Parses `VIGIL_*` variables into a frozen {@link Config}. Unknown `VIGIL_*` names are
 * refused too, since a typo would otherwise silently fall back to a default.
 *
 * @example
 * const config = loadConfig({ VIGIL_PORT: '9090' }) // config.port === 9090
 * @throws VigilError `CONFIG_INVALID` naming the first bad variable
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const vigilEnv = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('VIGIL_') && v !== undefined && v !== ''))
  const unknown = Object.keys(vigilEnv).filter((k) => !(k in EnvSchema.shape) && !isNonConfigVariable(k))
  if (unknown.length > 0) {
    throw new VigilError('CONFIG_INVALID', `${unknown[0]}: unknown setting`, { variable: unknown[0] })
  }
  const parsed = EnvSchema.safeParse(vigilEnv)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const variable = String(issue?.path[0] ?? 'environment')
    const got = vigilEnv[variable]
    const shown = variable.includes('SECRET') || variable.includes('KEY') ? '' : got === undefined ? '' : ` (got '${got}')`
    throw new VigilError('CONFIG_INVALID', `${variable}: ${issue?.message ?? 'invalid'}${shown}`, { variable })
  }
  const e = parsed.data
  const publicHost = e.VIGIL_HOST === '0.0.0.0' || e.VIGIL_HOST === '::' ? '127.0.0.1' : e.VIGIL_HOST
  const hostPart = publicHost.includes(':') ? `[${publicHost}]` : publicHost
  return Object.freeze({
    databaseUrl: e.VIGIL_DATABASE_URL,
    dataDir: e.VIGIL_DATA_DIR,
    host: e.VIGIL_HOST,
    port: e.VIGIL_PORT,
    publicUrl: (e.VIGIL_PUBLIC_URL ?? `http://${hostPart}:${e.VIGIL_PORT}`).replace(/\/+$/, ''),
    trustProxy: Array.isArray(e.VIGIL_TRUST_PROXY) ? Object.freeze([...e.VIGIL_TRUST_PROXY]) : e.VIGIL_TRUST_PROXY,
    logLevel: e.VIGIL_LOG_LEVEL,
    bodyLimit: e.VIGIL_BODY_LIMIT,
    secrets: Object.freeze({ sessionSecret: e.VIGIL_SESSION_SECRET, signingKeyPem: e.VIGIL_SIGNING_KEY, dataKey: e.VIGIL_DATA_KEY }),
    auditCheckpoint: Object.freeze({ everyEntries: e.VIGIL_AUDIT_CHECKPOINT_ENTRIES, everySeconds: e.VIGIL_AUDIT_CHECKPOINT_SECONDS }),
    rateLimit: Object.freeze({ perMinute: e.VIGIL_RATE_LIMIT_PER_MINUTE, signInPerMinute: e.VIGIL_SIGN_IN_LIMIT_PER_MINUTE }),
    requestsPolicyFile: e.VIGIL_REQUESTS_POLICY,
    mail: Object.freeze({ smtpUrl: e.VIGIL_SMTP_URL, from: e.VIGIL_MAIL_FROM }),
    detect: Object.freeze({
      dumpDir: e.VIGIL_DETECT_DIR ?? `${e.VIGIL_DATA_DIR.replace(/\/+$/, '')}/dumps`,
      uploadLimit: e.VIGIL_DETECT_UPLOAD_LIMIT,
      workerTimeoutSeconds: e.VIGIL_DETECT_WORKER_TIMEOUT,
    }),
    natsUrl: e.VIGIL_NATS_URL,
    liveIngest: Object.freeze({ bodyLimit: e.VIGIL_LIVE_INGEST_LIMIT, perMinute: e.VIGIL_LIVE_INGEST_PER_MINUTE }),
    liveDelivery: Object.freeze({
      allowLoopbackHttp: e.VIGIL_LIVE_WEBHOOK_LOOPBACK,
      attempts: e.VIGIL_LIVE_WEBHOOK_ATTEMPTS,
      retrySeconds: e.VIGIL_LIVE_WEBHOOK_RETRY_SECONDS,
    }),
  })
}

// Variables read by tests and tooling, not by the instance.
const NON_CONFIG = new Set(['VIGIL_TEST_DATABASE_URL', 'VIGIL_TEST_NATS_URL', 'VIGIL_SHARED_DIR', 'VIGIL_REQUIRE_SHARED'])
function isNonConfigVariable(name: string): boolean {
  return NON_CONFIG.has(name)
}
