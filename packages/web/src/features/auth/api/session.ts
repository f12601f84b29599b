import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { RecoveryCodes, SessionInfo, type SignInRequest, TotpEnrolment } from '@vigil/contracts'
import { z } from 'zod'
import { ApiError, api, setCsrfToken } from '../../../lib/api-client.js'

const SESSION_KEY = ['session'] as const

/** The signed-in caller, or null when nobody is (a 401 is an answer here, not an error). */
export const getSessionQueryOptions = () =>
  queryOptions({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      try {
        const session = await api('/api/v1/session', SessionInfo, { signal })
        setCsrfToken(session.csrfToken)
        return session
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          setCsrfToken(undefined)
          return null
        }
        throw err
      }
    },
    staleTime: 60_000,
  })

export const useSession = () => useQuery(getSessionQueryOptions())

export function useSignIn() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: SignInRequest) => api('/api/v1/session', SessionInfo, { method: 'POST', body }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken)
      client.setQueryData(SESSION_KEY, session)
    },
  })
}

export function useSignOut() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api('/api/v1/session', z.undefined(), { method: 'DELETE' }),
    onSettled: () => {
      setCsrfToken(undefined)
      client.setQueryData(SESSION_KEY, null)
      // What the last user could see must not linger for the next one.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] })
    },
  })
}

export function useBeginTotpEnrolment() {
  return useMutation({ mutationFn: () => api('/api/v1/session/totp', TotpEnrolment, { method: 'POST' }) })
}

export function useConfirmTotpEnrolment() {
  return useMutation({
    mutationFn: (code: string) => api('/api/v1/session/totp/confirm', RecoveryCodes, { method: 'POST', body: { code } }),
  })
}

/** After enrolment the session may act: fetch it again so the app leaves the enrolment page. */
export function useRefreshSession() {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: SESSION_KEY })
}
