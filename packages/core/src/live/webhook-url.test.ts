import { describe, expect, it } from 'vitest'
import { checkWebhookUrl } from './webhook-url.js'

describe('checkWebhookUrl', () => {
  it('takes https, and plain http to this machine only when allowed', () => {
    expect(checkWebhookUrl('https://soc.example/hooks/vigil', { allowLoopbackHttp: false })).toEqual({ ok: true })
    expect(checkWebhookUrl('http://127.0.0.1:8080/hook', { allowLoopbackHttp: true })).toEqual({ ok: true })
    expect(checkWebhookUrl('http://127.0.0.1:8080/hook', { allowLoopbackHttp: false }).ok).toBe(false)
    expect(checkWebhookUrl('http://soc.example/hook', { allowLoopbackHttp: true }).ok).toBe(false)
  })
  it('refuses other schemes, credentials in the URL and what is no URL', () => {
    expect(checkWebhookUrl('ftp://soc.example/x', { allowLoopbackHttp: true }).ok).toBe(false)
    expect(checkWebhookUrl('https://user:pw@soc.example/x', { allowLoopbackHttp: true }).ok).toBe(false)
    expect(checkWebhookUrl('soc.example', { allowLoopbackHttp: true }).ok).toBe(false)
  })
})
