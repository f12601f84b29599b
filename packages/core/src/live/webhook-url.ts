/** Hosts that are this machine: plain HTTP to them is allowed only where the instance says so (tests, a local relay). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Whether alerts may be POSTed to `url`: HTTPS, or plain HTTP to this machine when
 * `allowLoopbackHttp` (an instance setting, off by default). No credentials in the URL:
 * they would be shown in every listing.
 *
 * @example
 * checkWebhookUrl('https://soc.example/hook', { allowLoopbackHttp: false }) // { ok: true }
 */
export function checkWebhookUrl(
  url: string,
  o: { readonly allowLoopbackHttp: boolean },
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  // RFC 3986's authority, enough to tell the scheme, credentials and host apart (core has no URL class).
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#\s]*)@)?(\[[0-9a-f:.]+\]|[^/?#:@\s]+)(?::(\d{1,5}))?(?:[/?#]\S*)?$/i.exec(url)
  if (!m) return { ok: false, reason: 'not a URL' }
  const [, scheme = '', userinfo, host = ''] = m
  if (userinfo !== undefined) return { ok: false, reason: 'a webhook URL may not carry a user name or password' }
  const protocol = scheme.toLowerCase()
  if (protocol === 'https') return { ok: true }
  if (protocol === 'http' && LOOPBACK.has(host.toLowerCase())) {
    return o.allowLoopbackHttp
      ? { ok: true }
      : { ok: false, reason: 'plain http is allowed only to 127.0.0.1, and only where VIGIL_LIVE_WEBHOOK_LOOPBACK is set' }
  }
  return { ok: false, reason: 'a webhook URL must be https://' }
}
