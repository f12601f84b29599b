import type { Reader } from '@vigil/core'
import { type RawBuilder, sql } from 'kysely'

/**
 * The SQL form of `canReadObject` (core/exchange/access.ts) over a row of `exchange_objects`
 * aliased `alias`: the collection grants the row to the reader and its TLP allows the reader.
 * Every read of the store filters through it, so no caller can forget the markings.
 */
export function visibleTo(reader: Reader, alias: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${alias}.${name}`)
  const everyoneCollection = sql`${col('collection_id')} in (select id from exchange_collections where read_everyone)`
  if (reader.kind === 'anonymous') return sql<boolean>`(${col('tlp')} = 'clear' and ${everyoneCollection})`
  if (reader.kind === 'instance') return sql<boolean>`(${col('tlp')} in ('clear', 'green'))`
  const org = reader.orgId
  const named = sql`${col('collection_id')} in (select collection_id from exchange_collection_orgs where mode = 'read' and org_id = ${org})`
  const creatorOrRecipient = sql`(${col('creator_org_id')} = ${org} or ${org} = any(${col('recipient_org_ids')}))`
  return sql<boolean>`((${everyoneCollection} or ${named}) and (
    ${col('tlp')} in ('clear', 'green')
    or (${col('tlp')} = 'amber' and (${creatorOrRecipient} or ${named}))
    or (${col('tlp')} = 'amber+strict' and ${creatorOrRecipient})
    or (${col('tlp')} = 'red' and ${reader.userId} = any(${col('recipient_user_ids')}))))`
}

/** The SQL condition that a collection (aliased `alias`) grants `mode` to the reader. */
export function collectionGrantsTo(reader: Reader, alias: string, mode: 'read' | 'write'): RawBuilder<boolean> {
  const id = sql.ref(`${alias}.id`)
  if (reader.kind === 'instance') return sql<boolean>`true`
  if (reader.kind === 'anonymous') return mode === 'read' ? sql<boolean>`${sql.ref(`${alias}.read_everyone`)}` : sql<boolean>`false`
  const named = sql`${id} in (select collection_id from exchange_collection_orgs where mode = ${mode} and org_id = ${reader.orgId})`
  return mode === 'read' ? sql<boolean>`(${sql.ref(`${alias}.read_everyone`)} or ${named})` : sql<boolean>`${named}`
}
