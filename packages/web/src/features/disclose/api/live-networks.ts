import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type ConfirmLiveNetworkInput, LiveAlertList, LiveFeedList, LiveNetwork, LiveNetworkList } from '@vigil/contracts'
import { api } from '../../../lib/api-client.js'

const feedPath = (feed: string) => `/api/v1/live/feeds/${encodeURIComponent(feed)}`

/** The organisation's live feeds. */
export const useLiveFeeds = () =>
  useQuery({ queryKey: ['live', 'feeds'], queryFn: ({ signal }) => api('/api/v1/live/feeds', LiveFeedList, { signal }) })

/** A feed's alerts, newest first: the networks one may confirm. */
export const useFeedAlerts = (feed: string) =>
  useQuery({
    queryKey: ['live', 'feeds', feed, 'alerts'],
    queryFn: ({ signal }) => api(`${feedPath(feed)}/alerts?limit=50`, LiveAlertList, { signal }),
    enabled: feed !== '',
  })

/** A feed's confirmed networks: what a disclosure's live source names. */
export const useLiveNetworks = (feed: string) =>
  useQuery({
    queryKey: ['live', 'feeds', feed, 'networks'],
    queryFn: ({ signal }) => api(`${feedPath(feed)}/networks`, LiveNetworkList, { signal }),
    enabled: feed !== '',
  })

/** Confirms an alert's network as a snapshot to disclose. */
export function useConfirmLiveNetwork(feed: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ConfirmLiveNetworkInput) => api(`${feedPath(feed)}/networks`, LiveNetwork, { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['live', 'feeds', feed, 'networks'] }),
  })
}
