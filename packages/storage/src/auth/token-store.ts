import type { ApiToken, ApiTokenId, UserId } from '@vigil/contracts'
import type { AuditEvent, NewApiToken } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { TOKEN_COLUMNS, toApiToken } from './auth-rows.js'

/** API tokens, kept as hashes only. */
export function createTokenStore(db: Kysely<Database>) {
  const findApiToken = async (id: ApiTokenId): Promise<ApiToken | undefined> => {
    const row = await db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('id', '=', id).executeTakeFirst()
    return row ? toApiToken(row) : undefined
  }
  return {
    findApiToken,
    async insertApiToken(token: NewApiToken, audit: AuditEvent, now: Date): Promise<ApiToken> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('api_tokens')
          .values({
            id: token.id,
            user_id: token.userId,
            name: token.name,
            prefix: token.prefix,
            token_hash: token.tokenHash,
            created_at: now,
            expires_at: token.expiresAt,
          })
          .execute()
        await appendAudit(trx, audit, now)
      })
      const created = await findApiToken(token.id)
      if (!created) throw new Error('the token just created is missing')
      return created
    },
    async listApiTokens(userId: UserId): Promise<ApiToken[]> {
      const rows = await db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('user_id', '=', userId).orderBy('created_at').execute()
      return rows.map(toApiToken)
    },
    async revokeApiToken(id: ApiTokenId, audit: AuditEvent, now: Date): Promise<ApiToken | undefined> {
      const changed = await auditedChange(db, audit, now, async (trx) => {
        const row = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: now })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst()
        return row !== undefined
      })
      return changed ? findApiToken(id) : undefined
    },
    async touchApiToken(id: ApiTokenId, now: Date, audit: AuditEvent | null): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute()
        if (audit) await appendAudit(trx, audit, now)
      })
    },
  }
}
