import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isVigilError } from '@vigil/core'
import { describe, expect, it } from 'vitest'
import { normaliseStoredIdentifiers } from '../postgres/migrations/0310-requests-identifiers-warnings.js'
import { describeEachDatabase } from '../test-support/index.js'
import { parseAccountFile } from './account-file.js'
import { createAccountDataSource, importAccounts } from './account-store.js'

const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../docs/examples/${name}`, import.meta.url)), 'utf8')

describe('account import files', () => {
  it('reads the documented NDJSON and CSV examples to the same accounts', () => {
    const ndjson = parseAccountFile(example('accounts.ndjson'))
    const csv = parseAccountFile(example('accounts.csv'))
    expect(ndjson).toHaveLength(7)
    expect(csv).toHaveLength(4)
    expect(csv[0]).toEqual(ndjson[0])
    expect(csv[3]).toEqual(ndjson[4])
  })

  it('names the line of a bad record', () => {
    const bad =
      '{"type":"account","accountId":"1"}\n{"type":"activity","accountId":"1","category":"basic_subscriber_info","at":"2026-01-01T00:00:00Z","data":{}}\n'
    try {
      parseAccountFile(bad)
      expect.unreachable()
    } catch (e) {
      expect(isVigilError(e, 'VALIDATION_FAILED')).toBe(true)
      expect((e as Error).message).toMatch(/^line 2: category/)
    }
    expect(() => parseAccountFile('kind,account_id\n')).toThrow(/line 1: expected the columns/)
  })
})

describeEachDatabase('account data source', (database) => {
  it('resolves identifiers and extracts only the approved categories and dates', async () => {
    const { db } = database()
    expect(await importAccounts(db, parseAccountFile(example('accounts.ndjson')))).toEqual({ accounts: 2, activities: 5, lines: 7 })
    const source = createAccountDataSource(db)
    const resolved = await source.resolve([
      { type: 'username', value: '@Target_Account' },
      { type: 'phone', value: '+1 (202) 555-0199' },
      { type: 'email', value: 'nobody@example.org' },
      { type: 'account_id', value: '1002' },
    ])
    expect(resolved.map((t) => t.type)).toEqual(['username', 'phone', 'account_id'])
    const [extract] = await source.extract([{ type: 'account_id', value: '1001' }], ['basic_subscriber_info', 'ip_logs'], {
      from: '2026-01-01',
      to: '2026-01-31',
    })
    expect(extract?.account.name).toBe('Terry Target')
    expect(extract?.activities.map((a) => a.data)).toEqual([{ ip: '198.51.100.7', event: 'login' }])
    const [noBsi] = await source.extract([{ type: 'account_id', value: '1001' }], ['message_content'], {
      from: '2026-01-06',
      to: '2026-01-06',
    })
    expect(noBsi?.account).toEqual({ type: 'account', accountId: '1001' })
    expect(noBsi?.activities.map((a) => a.category)).toEqual(['message_content'])
  })

  it('replaces a re-imported account', async () => {
    const { db } = database()
    await importAccounts(db, [{ type: 'account', accountId: '7', username: 'old' }])
    await importAccounts(db, [{ type: 'account', accountId: '7', username: 'new' }])
    const rows = await db.selectFrom('requests_account').select(['account_id', 'username']).where('account_id', '=', '7').execute()
    expect(rows).toEqual([{ account_id: '7', username: 'new' }])
  })

  it('§3.1 G9: an account imported with a leading @, any case or phone format matches the request', async () => {
    const { db } = database()
    await importAccounts(db, [
      { type: 'account', accountId: 'a-1', username: '@Alice', email: 'Alice@Example.org', phone: '(202) 555-0142' },
    ])
    const resolved = await createAccountDataSource(db).resolve([
      { type: 'username', value: 'alice' },
      { type: 'username', value: '@ALICE' },
      { type: 'email', value: 'alice@example.org' },
      { type: 'phone', value: '+1 202-555-0142' },
    ])
    expect(resolved).toHaveLength(4)
  })

  it('§3.1 G9: migration 0310 rewrites identifiers imported before in the normalised form', async () => {
    const { db } = database()
    await db
      .insertInto('requests_account')
      .values({
        account_id: 'old-1',
        username: '@Bob',
        email: 'Bob@Example.org',
        phone: '202 555 0177',
        record: '{"type":"account","accountId":"old-1"}',
      })
      .execute()
    await normaliseStoredIdentifiers(db)
    const row = await db
      .selectFrom('requests_account')
      .select(['username', 'email', 'phone'])
      .where('account_id', '=', 'old-1')
      .executeTakeFirst()
    expect(row).toEqual({ username: 'bob', email: 'bob@example.org', phone: '+12025550177' })
    expect(await createAccountDataSource(db).resolve([{ type: 'username', value: '@BOB' }])).toHaveLength(1)
  })
})
