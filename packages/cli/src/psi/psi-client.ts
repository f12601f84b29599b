import {
  ErrorBody,
  InitiatorBlinded,
  type InitiatorOutcome,
  type OrgId,
  PsiOrgKey,
  PsiSession,
  type PsiSessionId,
  ResponderReply,
  SessionInfo,
} from '@vigil/contracts'
import { VigilError } from '@vigil/core'

/** The few calls `vigil psi run` makes to a Vigil server, each answer checked by its schema. */
export interface PsiClient {
  whoAmI(): Promise<SessionInfo>
  session(id: PsiSessionId): Promise<PsiSession>
  postInitiatorMessage(id: PsiSessionId, message: InitiatorBlinded): Promise<PsiSession>
  initiatorMessage(id: PsiSessionId): Promise<InitiatorBlinded>
  postResponderReply(id: PsiSessionId, reply: ResponderReply): Promise<PsiSession>
  responderReply(id: PsiSessionId): Promise<ResponderReply>
  complete(id: PsiSessionId, outcome: InitiatorOutcome): Promise<PsiSession>
  registerKey(publicKey: string): Promise<PsiOrgKey>
  psiKey(orgId: OrgId): Promise<PsiOrgKey>
}

/** A fetch-like function: the global `fetch`, or a test's bridge to `app.inject`. */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  status: number
  text(): Promise<string>
}>

/**
 * A client for `baseUrl` that authenticates with an API token. A server error becomes the
 * same `VigilError` (code and message) the server raised.
 *
 * @example
 * const client = createPsiClient('https://vigil.example.org', token)
 */
export function createPsiClient(baseUrl: string, token: string, fetchFn: Fetch = fetch): PsiClient {
  const call = async <T>(schema: { parse(value: unknown): T }, method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetchFn(new URL(path, baseUrl).toString(), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((err: Error) => {
      throw new VigilError('STORAGE_UNAVAILABLE', `cannot reach ${baseUrl}: ${err.message}`)
    })
    const text = await res.text()
    if (res.status >= 400) {
      const error = ErrorBody.safeParse(JSON.parse(text || '{}'))
      throw error.success
        ? new VigilError(error.data.error.code, error.data.error.message)
        : new VigilError('INTERNAL', `the server answered ${res.status}`)
    }
    return schema.parse(JSON.parse(text))
  }
  const at = (id: PsiSessionId, step = '') => `/api/v1/psi/sessions/${id}${step}`
  return {
    whoAmI: () => call(SessionInfo, 'GET', '/api/v1/session'),
    session: (id) => call(PsiSession, 'GET', at(id)),
    postInitiatorMessage: (id, message) => call(PsiSession, 'PUT', at(id, '/initiator-message'), message),
    initiatorMessage: (id) => call(InitiatorBlinded, 'GET', at(id, '/initiator-message')),
    postResponderReply: (id, reply) => call(PsiSession, 'PUT', at(id, '/responder-message'), reply),
    responderReply: (id) => call(ResponderReply, 'GET', at(id, '/responder-message')),
    complete: (id, outcome) => call(PsiSession, 'POST', at(id, '/outcome'), outcome),
    registerKey: (publicKey) => call(PsiOrgKey, 'PUT', '/api/v1/psi/key', { publicKey }),
    psiKey: (orgId) => call(PsiOrgKey, 'GET', `/api/v1/psi/keys/${orgId}`),
  }
}
