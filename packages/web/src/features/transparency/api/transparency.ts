import { useQuery } from '@tanstack/react-query'
import { PublishedPeriods, TransparencyReport } from '@vigil/contracts'
import { api } from '../../../lib/api-client.js'

/** The published (masked) transparency report of a half-year; public, no sign-in needed. */
export const useTransparencyReport = (period: string) =>
  useQuery({
    queryKey: ['transparency', period],
    queryFn: ({ signal }) => api(`/api/v1/transparency?period=${encodeURIComponent(period)}`, TransparencyReport, { signal }),
    retry: false,
  })

/** Where the same report downloads as CSV, in the Google transparency report's columns. */
export const transparencyCsvUrl = (period: string) => `/api/v1/transparency?period=${encodeURIComponent(period)}&format=csv`

/** The half-years whose report is published, newest first. */
export const usePublishedPeriods = () =>
  useQuery({
    queryKey: ['transparency', 'periods'],
    queryFn: ({ signal }) => api('/api/v1/transparency/periods', PublishedPeriods, { signal }),
  })
