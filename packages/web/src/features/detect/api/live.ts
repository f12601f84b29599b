import { useQuery, useQueryClient } from '@tanstack/react-query'
import { LiveAlert, LiveAlertList, LiveDeliveryList, LiveFeedList, LiveFeedStatus } from '@vigil/contracts'
import { useEffect, useState } from 'react'
import { api } from '../../../lib/api-client.js'

/** How often the feeds' status (throughput, lag) is asked again. */
const STATUS_MS = 5000
/** The alerts a feed's page keeps. */
const ALERTS_KEPT = 50

const feedPath = (feed: string) => `/api/v1/live/feeds/${encodeURIComponent(feed)}`

/** The organisation's live feeds. */
export const useLiveFeeds = () =>
  useQuery({ queryKey: ['live', 'feeds'], queryFn: ({ signal }) => api('/api/v1/live/feeds', LiveFeedList, { signal }) })

/**
 * A feed's status as `vigil live status` shows it, messages/s sampled over a second; asked
 * again every few seconds. Without NATS the server answers LIVE_UNAVAILABLE, and asking
 * again stops until the page is opened anew.
 */
export const useLiveStatus = (feed: string) =>
  useQuery({
    queryKey: ['live', 'feeds', feed, 'status'],
    queryFn: ({ signal }) => api(`${feedPath(feed)}/status?sample=1000`, LiveFeedStatus, { signal }),
    refetchInterval: (query) => (query.state.status === 'error' ? false : STATUS_MS),
    retry: false,
  })

/** A feed's latest delivery attempts to its webhooks, newest first; asked again as the status is (deliveries retry in the background). */
export const useLiveDeliveries = (feed: string) =>
  useQuery({
    queryKey: ['live', 'feeds', feed, 'deliveries'],
    queryFn: ({ signal }) => api(`${feedPath(feed)}/deliveries?limit=20`, LiveDeliveryList, { signal }),
    refetchInterval: (query) => (query.state.status === 'error' ? false : STATUS_MS),
  })

const alertsKey = (feed: string) => ['live', 'feeds', feed, 'alerts']

/** A feed's newest alerts, newest first; `useLiveEvents` adds those raised while the page is open. */
export const useLiveAlerts = (feed: string) =>
  useQuery({
    queryKey: alertsKey(feed),
    queryFn: ({ signal }) => api(`${feedPath(feed)}/alerts?limit=${ALERTS_KEPT}`, LiveAlertList, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })

/**
 * Listens to the feed's Server-Sent Events (`GET …/events`) while mounted and puts each new
 * alert first in the feed's alert list. EventSource reconnects by itself, sending the last
 * event's id, so no alert is missed across a dropped connection. Returns whether the stream is open.
 */
export function useLiveEvents(feed: string): boolean {
  const client = useQueryClient()
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const source = new EventSource(`${feedPath(feed)}/events`)
    source.onopen = () => setOpen(true)
    source.onerror = () => setOpen(false)
    source.addEventListener('alert', (event) => {
      const parsed = LiveAlert.safeParse(JSON.parse((event as MessageEvent<string>).data))
      if (!parsed.success) return
      client.setQueryData<LiveAlertList>(alertsKey(feed), (old) => {
        const alerts = (old?.alerts ?? []).filter((a) => a.id !== parsed.data.id)
        return { alerts: [parsed.data, ...alerts].slice(0, ALERTS_KEPT) }
      })
      // The feed's row counts its alerts: ask for its status now rather than at the next poll.
      void client.invalidateQueries({ queryKey: ['live', 'feeds', feed, 'status'] })
    })
    return () => {
      source.close()
      setOpen(false)
    }
  }, [client, feed])
  return open
}
