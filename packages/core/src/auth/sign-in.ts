import type { Role } from '@vigil/contracts'
import { VigilError } from '../shared/errors.js'
import { type Actor, systemActor } from './actor.js'
import { actorFor, refuse, refusePrincipal } from './authenticate.js'
import { hashSecret, toBase64Url } from './secret-hash.js'
import type { LoginRecord, SessionPending, SignInDeps } from './sign-in-ports.js'
import { totpStep } from './totp.js'

/** Consecutive failed sign-ins that lock an account (NIST SP 800-63B allows up to 100; we are stricter). */
export const LOCKOUT_THRESHOLD = 10
/** How long a locked account stays locked. */
export const LOCKOUT_MS = 15 * 60 * 1000
/** Failed sign-ins one address may make per window, whatever accounts it tries. */
export const IP_FAILURE_LIMIT = 100
export const IP_FAILURE_WINDOW_MS = 15 * 60 * 1000
/** A session's lifetime; signing in again starts a new one. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000
/** Roles that must use a second factor: they reach instance administration, legal review and data requests. */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['admin', 'reviewer', 'requester']

// Sign-in attempts act before anyone is known; the audit log names this actor and the target user.
const SIGN_IN = systemActor('sign-in')

/** What a sign-in presents. */
export interface SignInInput {
  readonly email: string
  readonly password: string
  /** A TOTP code or an unused recovery code, when the account has a second factor. */
  readonly secondFactor?: string
  readonly ip: string
  readonly userAgent?: string
  readonly requestId?: string
}

/** A successful sign-in: the cookie value (shown to the browser only) and what the session may do. */
export interface SignedIn {
  readonly actor: Actor
  readonly sessionSecret: string
  readonly expiresAt: Date
  readonly pending: SessionPending
}

/** Whether a user with these roles must have a second factor. */
export function needsSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((r) => SECOND_FACTOR_ROLES.includes(r))
}

/**
 * Signs in with e-mail and password (and a second factor where the account has one).
 * Failures are audited and counted per account and per address; the tenth in a row locks
 * the account for {@link LOCKOUT_MS}, and the lock is audited too.
 *
 * @example
 * const { sessionSecret } = await signIn(deps, { email, password, secondFactor: '123456', ip })
 */
export async function signIn(deps: SignInDeps, input: SignInInput): Promise<SignedIn> {
  const now = deps.clock.now()
  const email = input.email.trim().toLowerCase()
  const audit = (outcome: 'success' | 'failure', userId: string | undefined, details: Record<string, unknown>) => ({
    actor: SIGN_IN,
    action: 'auth.login',
    outcome,
    ...(userId ? { target: { type: 'user', id: userId } } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
    details: { email, ip: input.ip, ...details },
  })
  if ((await deps.signIn.countIpFailures(input.ip, new Date(now.getTime() - IP_FAILURE_WINDOW_MS))) >= IP_FAILURE_LIMIT) {
    throw new VigilError('RATE_LIMITED', 'too many failed sign-ins from this address; try again later')
  }
  const record = await deps.signIn.findLoginRecord(email)
  if (record?.lockedUntil && record.lockedUntil.getTime() > now.getTime()) {
    await deps.signIn.recordLoginFailure({ ip: input.ip, email, userId: null }, audit('failure', record.user.id, { reason: 'locked' }), now)
    throw new VigilError(
      'AUTH_ACCOUNT_LOCKED',
      `too many failed sign-ins: this account is locked until ${record.lockedUntil.toISOString()}`,
    )
  }
  const fail = async (reason: string): Promise<never> => {
    const failures = await deps.signIn.recordLoginFailure(
      { ip: input.ip, email, userId: record?.user.id ?? null },
      audit('failure', record?.user.id, { reason }),
      now,
    )
    if (record && failures >= LOCKOUT_THRESHOLD) {
      const until = new Date(now.getTime() + LOCKOUT_MS)
      await deps.signIn.lockAccount(
        record.user.id,
        until,
        {
          actor: SIGN_IN,
          action: 'auth.account.lock',
          outcome: 'success',
          target: { type: 'user', id: record.user.id },
          details: { failures, until: until.toISOString(), ip: input.ip },
        },
        now,
      )
    }
    throw new VigilError('AUTH_UNAUTHENTICATED', reason === 'wrong-second-factor' ? 'wrong code' : 'wrong e-mail or password')
  }
  if (!(await checkPassword(deps, record, input.password))) return fail('wrong-password')
  if (!record) return fail('wrong-password')
  const refusal = refusePrincipal(record)
  if (refusal) {
    await deps.signIn.recordLoginFailure({ ip: input.ip, email, userId: null }, audit('failure', record.user.id, { reason: refusal }), now)
    return refuse(refusal)
  }
  const secondFactor = await checkSecondFactor(deps, record, input.secondFactor, now)
  if (secondFactor === 'missing')
    throw new VigilError('AUTH_SECOND_FACTOR_REQUIRED', 'enter the code from your authenticator app (or a recovery code)')
  if (secondFactor === 'wrong') return fail('wrong-second-factor')

  const sessionSecret = toBase64Url(deps.random.bytes(32))
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  const pending: SessionPending = !record.user.totpEnabled && needsSecondFactor(record.user.roles) ? 'totp-enrolment' : null
  await deps.signIn.resetLoginFailures(record.user.id)
  await deps.signIn.insertSession(
    {
      id: deps.random.uuid(),
      tokenHash: hashSecret(sessionSecret),
      userId: record.user.id,
      expiresAt,
      pending,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    },
    audit('success', record.user.id, { secondFactor, pending }),
    now,
  )
  return { actor: actorFor(record, 'session'), sessionSecret, expiresAt, pending }
}

// Without a user or a password, a hash is still computed, so timing does not tell which e-mails exist.
async function checkPassword(deps: SignInDeps, record: LoginRecord | undefined, password: string): Promise<boolean> {
  if (!record?.passwordHash) {
    await deps.passwords.hash(password)
    return false
  }
  return deps.passwords.verify(password, record.passwordHash)
}

async function checkSecondFactor(
  deps: SignInDeps,
  record: LoginRecord,
  code: string | undefined,
  now: Date,
): Promise<'totp' | 'recovery-code' | null | 'missing' | 'wrong'> {
  if (!record.user.totpEnabled || !record.totpSecret) return null
  if (code === undefined || code.trim() === '') return 'missing'
  const step = totpStep(record.totpSecret, code.trim(), now)
  if (step !== null) return (await deps.signIn.claimTotpStep(record.user.id, step)) ? 'totp' : 'wrong'
  const used = await deps.signIn.useRecoveryCode(
    record.user.id,
    hashSecret(normalizeRecoveryCode(code)),
    { actor: SIGN_IN, action: 'auth.recovery-code.use', outcome: 'success', target: { type: 'user', id: record.user.id } },
    now,
  )
  return used ? 'recovery-code' : 'wrong'
}

/** Recovery codes are compared without case, spaces or dashes. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '')
}

/**
 * Ends a session: its cookie stops working at once.
 *
 * @example
 * await signOut(deps, actor, cookieValue)
 */
export async function signOut(deps: SignInDeps, actor: Actor, sessionSecret: string, requestId?: string): Promise<void> {
  await deps.signIn.revokeSession(
    hashSecret(sessionSecret),
    { actor, action: 'auth.logout', outcome: 'success', ...(requestId ? { requestId } : {}) },
    deps.clock.now(),
  )
}
