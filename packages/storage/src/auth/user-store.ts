import type { AccountStatus, OrgId, Role, User, UserId } from '@vigil/contracts'
import type { AuditEvent, NewUser } from '@vigil/core'
import type { Kysely, Updateable } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import { auditedChange } from '../audit/audited-change.js'
import type { Database } from '../postgres/database-schema.js'
import { conflictOnDuplicate } from '../shared/unique-violation.js'
import { toUser, USER_COLUMNS } from './auth-rows.js'
import type { UsersTable } from './auth-tables.js'

/** Users: their organisation, roles and status. Secrets are read only by the login store. */
export function createUserStore(db: Kysely<Database>) {
  const findUser = async (id: UserId): Promise<User | undefined> => {
    const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()
    return row ? toUser(row) : undefined
  }
  const updateUser = async (id: UserId, values: Updateable<UsersTable>, audit: AuditEvent, now: Date): Promise<User | undefined> => {
    const changed = await auditedChange(db, audit, now, async (trx) => {
      const row = await trx.updateTable('users').set(values).where('id', '=', id).returning('id').executeTakeFirst()
      return row !== undefined
    })
    return changed ? findUser(id) : undefined
  }
  return {
    findUser,
    async findUserByEmail(email: string): Promise<User | undefined> {
      const row = await db.selectFrom('users').select(USER_COLUMNS).where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
      return row ? toUser(row) : undefined
    },
    async insertUser(user: NewUser, audit: AuditEvent, now: Date): Promise<User> {
      await conflictOnDuplicate(
        () =>
          db.transaction().execute(async (trx) => {
            await trx
              .insertInto('users')
              .values({
                id: user.id,
                org_id: user.orgId,
                email: user.email,
                roles: JSON.stringify(user.roles),
                password_hash: user.passwordHash,
                created_at: now,
              })
              .execute()
            await appendAudit(trx, audit, now)
          }),
        `a user with the e-mail ${user.email} already exists`,
        { email: user.email },
      )
      const created = await findUser(user.id)
      if (!created) throw new Error('the user just created is missing')
      return created
    },
    async hasUsers(): Promise<boolean> {
      return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined
    },
    async listUsers(filter: { readonly orgId?: OrgId }): Promise<User[]> {
      let query = db.selectFrom('users').select(USER_COLUMNS).orderBy('email')
      if (filter.orgId !== undefined) query = query.where('org_id', '=', filter.orgId)
      return (await query.execute()).map(toUser)
    },
    async setUserRoles(id: UserId, roles: readonly Role[], audit: AuditEvent, now: Date): Promise<User | undefined> {
      return updateUser(id, { roles: JSON.stringify(roles) }, audit, now)
    },
    async setUserStatus(id: UserId, status: AccountStatus, audit: AuditEvent, now: Date): Promise<User | undefined> {
      return updateUser(id, { status, status_changed_at: now }, audit, now)
    },
  }
}
