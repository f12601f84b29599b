import type { AccountImportRecord, AccountImportResult, AccountRecord, ActivityRecord, DataCategory, Target } from '@vigil/contracts'
import { type AccountDataSource, type AccountExtract, type Actor, normaliseIdentifier, systemActor } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'

const BATCH = 500

/**
 * Writes imported account records: subscriber records replace those of the same account id;
 * activity is appended. One transaction: a bad import changes nothing. The import of this
 * personal data is audited in the same transaction (who, from which file, how many records).
 */
export async function importAccounts(
  db: Kysely<Database>,
  records: readonly AccountImportRecord[],
  by: { readonly actor: Actor; readonly source: string } = { actor: systemActor('accounts-import'), source: 'records' },
): Promise<AccountImportResult> {
  const accounts = records.filter((r): r is AccountRecord => r.type === 'account')
  const activities = records.filter((r): r is ActivityRecord => r.type === 'activity')
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < accounts.length; i += BATCH) {
      const rows = [...new Map(accounts.slice(i, i + BATCH).map((a) => [a.accountId, a])).values()].map((a) => ({
        account_id: a.accountId,
        username: a.username ? normaliseIdentifier('username', a.username) : null,
        email: a.email ? normaliseIdentifier('email', a.email) : null,
        phone: a.phone ? normaliseIdentifier('phone', a.phone) : null,
        record: JSON.stringify(a),
      }))
      await trx
        .insertInto('requests_account')
        .values(rows)
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet((eb) => ({
            username: eb.ref('excluded.username'),
            email: eb.ref('excluded.email'),
            phone: eb.ref('excluded.phone'),
            record: eb.ref('excluded.record'),
          })),
        )
        .execute()
    }
    for (let i = 0; i < activities.length; i += BATCH) {
      await trx
        .insertInto('requests_activity')
        .values(
          activities.slice(i, i + BATCH).map((a) => ({
            account_id: a.accountId,
            category: a.category,
            at: a.at,
            data: JSON.stringify(a.data),
          })),
        )
        .execute()
    }
    await appendAudit(
      trx,
      {
        actor: by.actor,
        action: 'requests.accounts.import',
        outcome: 'success',
        details: { source: by.source, accounts: accounts.length, activities: activities.length, lines: records.length },
      },
      new Date(),
    )
  })
  return { accounts: accounts.length, activities: activities.length, lines: records.length }
}

async function findAccounts(db: Kysely<Database>, targets: readonly Target[]) {
  const resolved: { target: Target; accountId: string; record: AccountRecord }[] = []
  for (const target of targets) {
    const value = normaliseIdentifier(target.type, target.value)
    let query = db.selectFrom('requests_account').select(['account_id', 'record'])
    if (target.type === 'account_id') query = query.where('account_id', '=', value)
    else if (target.type === 'username') query = query.where('username', '=', value)
    else if (target.type === 'email') query = query.where('email', '=', value)
    else if (target.type === 'phone') query = query.where('phone', '=', value)
    else continue
    const row = await query.executeTakeFirst()
    if (row) resolved.push({ target, accountId: row.account_id, record: row.record })
  }
  return resolved
}

/**
 * The built-in {@link AccountDataSource}, over records imported by `vigil requests import-accounts`.
 *
 * @example
 * const source = createAccountDataSource(db); await source.resolve([{ type: 'username', value: 'alice' }])
 */
export function createAccountDataSource(db: Kysely<Database>): AccountDataSource {
  return {
    async resolve(targets) {
      return (await findAccounts(db, targets)).map((r) => r.target)
    },
    async extract(targets, categories, dateRange): Promise<readonly AccountExtract[]> {
      const found = await findAccounts(db, targets)
      const byAccount = new Map(found.map((f) => [f.accountId, f]))
      const activityCategories = categories.filter(
        (c): c is Exclude<DataCategory, 'basic_subscriber_info'> => c !== 'basic_subscriber_info',
      )
      return Promise.all(
        [...byAccount.values()].map(async (f) => {
          const rows =
            activityCategories.length === 0
              ? []
              : await db
                  .selectFrom('requests_activity')
                  .select(['category', 'at', 'data'])
                  .where('account_id', '=', f.accountId)
                  .where('category', 'in', activityCategories)
                  .where('at', '>=', new Date(`${dateRange.from}T00:00:00Z`))
                  .where('at', '<', new Date(Date.parse(`${dateRange.to}T00:00:00Z`) + 86_400_000))
                  .orderBy('at')
                  .orderBy('id')
                  .execute()
          // Subscriber details only when basic subscriber information was approved.
          const record = f.record
          return {
            account: categories.includes('basic_subscriber_info') ? record : { type: 'account' as const, accountId: record.accountId },
            activities: rows.map((r) => ({
              type: 'activity' as const,
              accountId: f.accountId,
              category: r.category,
              at: r.at.toISOString(),
              data: r.data,
            })),
          }
        }),
      )
    },
  }
}
