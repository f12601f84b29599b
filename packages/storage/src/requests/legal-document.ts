import { type Actor, VigilError } from '@vigil/core'
import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/append-audit.js'
import type { Database } from '../postgres/database-schema.js'
import { getRequestForActor } from './requests-store.js'

/** A request's legal document as the requester uploaded it. */
export interface LegalDocument {
  readonly filename: string
  readonly sha256: string
  readonly content: Buffer
}

/**
 * The signed legal document of a request, for the parties to it only: its agency's
 * requesters and its platform's reviewers (the rule `getRequestForActor` applies). Every
 * attempt is audited (`requests.document.read`), refused ones too.
 *
 * @throws VigilError `NOT_FOUND` when the actor is no party to the request, or the document
 * was never stored or has been purged.
 */
export async function readLegalDocument(db: Kysely<Database>, actor: Actor, requestId: string, now: Date): Promise<LegalDocument> {
  const target = { type: 'data_request', id: requestId }
  const deny = async (reason: string): Promise<never> => {
    await appendAudit(db, { actor, action: 'requests.document.read', target, outcome: 'denied', details: { reason } }, now)
    throw new VigilError('NOT_FOUND', 'no legal document for this request')
  }
  try {
    await getRequestForActor(db, actor, requestId)
  } catch (e) {
    if (e instanceof VigilError && e.code === 'NOT_FOUND') return deny('not a party to the request')
    throw e
  }
  const doc = await db
    .selectFrom('requests_document')
    .select(['filename', 'sha256', 'content'])
    .where('request_id', '=', requestId)
    .executeTakeFirst()
  if (!doc) return deny('no document stored')
  if (doc.content === null) return deny('purged')
  await appendAudit(db, { actor, action: 'requests.document.read', target, outcome: 'success', details: { sha256: doc.sha256 } }, now)
  return { filename: doc.filename, sha256: doc.sha256, content: Buffer.from(doc.content) }
}
