import type { OrgId, UserId } from '@vigil/contracts'
import {
  type AuditEvent,
  type LoginRecord,
  type NewOneTimeLink,
  type NewSession,
  type SessionPending,
  type SignInStore,
  VigilError,
} from '@vigil/core'
import { type Kysely, sql } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { isSealed, type SecretBox } from '../secrets/secret-box.js'
import { toUser, USER_COLUMNS } from './auth-rows.js'
import type { createOrgStore } from './org-store.js'

// Failed sign-ins older than this no longer count for anything and are pruned.
const FAILURE_RETENTION_MS = 24 * 60 * 60 * 1000

/**
 * Sign-in state: password and TOTP secrets, failure counts, sessions, recovery codes.
 * TOTP seeds are sealed with `box` when given; rows written before that hold them in clear
 * and are read as they are (sealed on the next enrolment).
 */
export function createSignInStore(
  db: Kysely<Database>,
  orgs: Pick<ReturnType<typeof createOrgStore>, 'findOrg'>,
  box?: SecretBox,
): SignInStore {
  const totpContext = (userId: string) => `totp:${userId}`
  const openTotp = (stored: string, userId: string): string => {
    if (!isSealed(stored)) return stored
    if (!box) throw new VigilError('CONFIG_INVALID', 'TOTP secrets are sealed with the instance data key, which this process was not given')
    return box.open(stored, totpContext(userId))
  }
  return {
    async findLoginRecord(email: string): Promise<LoginRecord | undefined> {
      const row = await db
        .selectFrom('users')
        .select([...USER_COLUMNS, 'users.password_hash', 'users.totp_secret'])
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst()
      const org = row ? await orgs.findOrg(row.org_id as OrgId) : undefined
      if (!row || !org) return undefined
      return {
        user: toUser(row),
        org,
        passwordHash: row.password_hash,
        totpSecret: row.totp_secret === null ? null : openTotp(row.totp_secret, row.id),
        lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
      }
    },
    async countIpFailures(ip: string, since: Date): Promise<number> {
      const row = await db
        .selectFrom('login_failures')
        .select((e) => e.fn.countAll<string>().as('n'))
        .where('ip', '=', ip)
        .where('at', '>', since)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async recordLoginFailure(failure, audit, now): Promise<number> {
      return db.transaction().execute(async (trx) => {
        await trx.insertInto('login_failures').values({ ip: failure.ip, email: failure.email, at: now }).execute()
        await trx
          .deleteFrom('login_failures')
          .where('at', '<', new Date(now.getTime() - FAILURE_RETENTION_MS))
          .execute()
        await appendAudit(trx, audit, now)
        if (failure.userId === null) return 0
        const row = await trx
          .updateTable('users')
          .set({ failed_logins: sql`failed_logins + 1` })
          .where('id', '=', failure.userId)
          .returning('failed_logins')
          .executeTakeFirst()
        return row?.failed_logins ?? 0
      })
    },
    async lockAccount(userId: UserId, until: Date, audit: AuditEvent, now: Date): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ locked_until: until, failed_logins: 0 }).where('id', '=', userId).execute()
        await appendAudit(trx, audit, now)
      })
    },
    async resetLoginFailures(userId: UserId): Promise<void> {
      await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute()
    },
    async insertSession(session: NewSession, audit: AuditEvent, now: Date): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sessions')
          .values({
            id: session.id,
            token_hash: session.tokenHash,
            user_id: session.userId,
            created_at: now,
            expires_at: session.expiresAt,
            last_seen_at: now,
            ip: session.ip,
            user_agent: session.userAgent,
            pending: session.pending,
          })
          .execute()
        await appendAudit(trx, audit, now)
      })
    },
    async revokeSession(tokenHash: string, audit: AuditEvent, now: Date): Promise<boolean> {
      return auditedChange(db, audit, now, async (trx) => {
        const row = await trx
          .updateTable('sessions')
          .set({ revoked_at: now })
          .where('token_hash', '=', tokenHash)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst()
        return row !== undefined
      })
    },
    async setSessionPending(tokenHash: string, pending: SessionPending): Promise<void> {
      await db.updateTable('sessions').set({ pending }).where('token_hash', '=', tokenHash).execute()
    },
    async setTotpSecret(userId: UserId, secret: string, enabledAt: Date | null, audit: AuditEvent | null, now: Date): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            totp_secret: box ? box.seal(secret, totpContext(userId)) : secret,
            totp_enabled_at: enabledAt,
            ...(enabledAt === null ? { totp_last_step: null } : {}),
          })
          .where('id', '=', userId)
          .execute()
        if (audit) await appendAudit(trx, audit, now)
      })
    },
    async claimTotpStep(userId: UserId, step: number): Promise<boolean> {
      const row = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', userId)
        .where((e) => e.or([e('totp_last_step', 'is', null), e('totp_last_step', '<', String(step))]))
        .returning('id')
        .executeTakeFirst()
      return row !== undefined
    },
    async replaceRecoveryCodes(userId: UserId, codeHashes: readonly string[], now: Date): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
        if (codeHashes.length > 0) {
          await trx
            .insertInto('recovery_codes')
            .values(codeHashes.map((code_hash) => ({ code_hash, user_id: userId, created_at: now })))
            .execute()
        }
      })
    },
    async useRecoveryCode(userId: UserId, codeHash: string, audit: AuditEvent, now: Date): Promise<boolean> {
      return auditedChange(db, audit, now, async (trx) => {
        const row = await trx
          .updateTable('recovery_codes')
          .set({ used_at: now })
          .where('user_id', '=', userId)
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .returning('code_hash')
          .executeTakeFirst()
        return row !== undefined
      })
    },
    async insertOneTimeLink(link: NewOneTimeLink, audit: AuditEvent, now: Date): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('one_time_links')
          .values({ token_hash: link.tokenHash, purpose: link.purpose, user_id: link.userId, created_at: now, expires_at: link.expiresAt })
          .execute()
        await appendAudit(trx, audit, now)
      })
    },
    async consumeOneTimeLink(tokenHash: string, now: Date) {
      const row = await db
        .updateTable('one_time_links')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['user_id', 'purpose'])
        .executeTakeFirst()
      return row ? { userId: row.user_id as UserId, purpose: row.purpose } : undefined
    },
    async setPassword(userId: UserId, passwordHash: string, audit: AuditEvent, now: Date): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
          .where('id', '=', userId)
          .execute()
        await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
        await appendAudit(trx, audit, now)
      })
    },
  }
}
