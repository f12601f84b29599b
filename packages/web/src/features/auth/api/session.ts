import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  type PasswordChangeRequest,
  RecoveryCodes,
  RedeemLinkRequest,
  SessionInfo,
  type SignInRequest,
  TotpEnrolment,
} from '@vigil/contracts'
import { useEffect, useState } from 'react'
import { z } from 'zod'
import { ApiError, api, onSessionLost, setCsrfToken } from '../../../lib/api-client.js'

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

/** Back to signed out: what the last user could see must not linger for the next one. */
function forgetSession(client: QueryClient): void {
  setCsrfToken(undefined)
  client.setQueryData(SESSION_KEY, null)
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] })
}

export function useSignOut() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => api('/api/v1/session', z.undefined(), { method: 'DELETE' }),
    onSettled: () => forgetSession(client),
  })
}

/**
 * True once the session ended under the user (it expired, or was ended elsewhere) until
 * they sign in again. The app then shows sign-in in place, so the user lands back on the
 * page they were on.
 */
export function useSessionExpired(): boolean {
  const client = useQueryClient()
  const signedIn = Boolean(useSession().data)
  const [expired, setExpired] = useState(false)
  useEffect(
    () =>
      onSessionLost(() => {
        setExpired(true)
        forgetSession(client)
      }),
    [client],
  )
  useEffect(() => {
    if (signedIn) setExpired(false)
  }, [signedIn])
  return expired && !signedIn
}

/** The password rules the server enforces, read from the contract so the form states them exactly. */
export const PASSWORD_RULES = {
  minLength: Number(RedeemLinkRequest.shape.password.minLength),
  maxLength: Number(RedeemLinkRequest.shape.password.maxLength),
}

/** Sets a password with the token of an invitation or password-reset link. */
export const useRedeemLink = () =>
  useMutation({
    mutationFn: (body: RedeemLinkRequest) => api('/api/v1/one-time-links/redeem', z.undefined(), { method: 'POST', body }),
  })

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

const NOTICE_KEY = ['sign-in-notice'] as const

/**
 * Changes the caller's password. The server then ends every session of the account, this
 * one too (`auth.password.change` in the audit log): the app forgets the session and the
 * sign-in form says why.
 */
export function useChangePassword() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: PasswordChangeRequest) => api('/api/v1/session/password', z.undefined(), { method: 'POST', body }),
    onSuccess: () => {
      forgetSession(client)
      client.setQueryData(
        NOTICE_KEY,
        'Your password is changed, and every session of your account has ended. Sign in with the new password.',
      )
    },
  })
}

/** What the sign-in form should say after the app itself ended the session (a password change). */
export const useSignInNotice = (): string | undefined =>
  useQuery({ queryKey: NOTICE_KEY, queryFn: () => null as string | null, enabled: false, staleTime: Number.POSITIVE_INFINITY }).data ??
  undefined
