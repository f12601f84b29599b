const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i
const BARE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#].*)?$/i
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' }
// Parameters that identify the click or the campaign, not the page (Google Analytics,
// Facebook, Google Ads, Instagram, Mailchimp, Twitter).
const TRACKING = new Set(['fbclid', 'gclid', 'dclid', 'igshid', 'mc_cid', 'mc_eid', 'ref_src', 'ref_url', '_ga'])

/**
 * The canonical form of a URL, so that two links to the same page compare equal: scheme
 * and host lower-cased, a trailing dot and the default port (80, 443) dropped, tracking
 * parameters (`utm_*`, `fbclid`, `gclid`, …) and the fragment removed, and a trailing
 * slash of the path removed. A bare `host/path` is read as `http://`. Anything that is not
 * a URL (an anonymised id) is returned trimmed and otherwise unchanged. Detection's
 * `co-link` and the exchange's correlation share this one function.
 *
 * @example
 * normaliseUrl('HTTPS://Example.COM:443/a/?utm_source=x&id=3#top') // 'https://example.com/a?id=3'
 */
export function normaliseUrl(raw: string): string {
  const trimmed = raw.trim()
  const withScheme = URL_PARTS.test(trimmed) ? trimmed : BARE_HOST.test(trimmed) ? `http://${trimmed}` : undefined
  const parts = withScheme === undefined ? null : URL_PARTS.exec(withScheme)
  if (!parts) return trimmed
  const scheme = (parts[1] ?? '').toLowerCase()
  const authority = (parts[2] ?? '').toLowerCase()
  const at = authority.lastIndexOf('@')
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : ''
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority
  const portMatch = /^(.*?)(?::(\d*))?$/.exec(hostPort)
  const host = (portMatch?.[1] ?? hostPort).replace(/\.$/, '')
  const port = portMatch?.[2]
  const keepPort = port !== undefined && port !== '' && port !== DEFAULT_PORTS[scheme]
  const path = (parts[3] ?? '').replace(/\/+$/, '')
  const query = (parts[4] ?? '')
    .slice(1)
    .split('&')
    .filter((p) => p !== '' && !isTrackingParameter(p))
    .join('&')
  return `${scheme}://${userinfo}${host}${keepPort ? `:${port}` : ''}${path}${query ? `?${query}` : ''}`
}

function isTrackingParameter(pair: string): boolean {
  const name = (pair.split('=')[0] ?? '').toLowerCase()
  return name.startsWith('utm_') || TRACKING.has(name)
}

/**
 * The domain of a normalised URL, without `www.` and port; `undefined` for what is not a URL.
 *
 * @example
 * domainOf('https://www.example.com/a') // 'example.com'
 */
export function domainOf(normalisedUrl: string): string | undefined {
  const parts = URL_PARTS.exec(normalisedUrl)
  if (!parts) return undefined
  const authority = parts[2] ?? ''
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '')
  return host === '' ? undefined : host.replace(/^www\./, '')
}

/**
 * Strings that {@link normaliseUrl} returns as they are, so a bulk normaliser (detection
 * in DuckDB) may skip them. Both patterns read the same in JavaScript and RE2. `url`: an
 * http(s) URL in canonical form (lower-case scheme and host, no user, port, query,
 * fragment or trailing slash, only URL characters in the path), whose group 1 is its
 * {@link domainOf}; `id`: a plain identifier (an anonymised id), which is no URL and has
 * no domain.
 */
export const UNCHANGED_BY_NORMALISE_URL = {
  url: "^https?://(?:www\\.)?([a-z0-9-]+(?:\\.[a-z0-9-]+)*)(?:/[-A-Za-z0-9._~!$&'()*+,;=:@%/]*[-A-Za-z0-9._~!$&'()*+,;=:@%])?$",
  id: '^[A-Za-z0-9_-]+$',
} as const
