import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ApiError, api, UNREACHABLE } from './api-client.js'

describe('api', () => {
  it('says in plain words that the server could not be reached, not "Failed to fetch"', async () => {
    // A port that was just free: nothing listens there.
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const failure = await api(`http://127.0.0.1:${port}/api/v1/health`, z.unknown()).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).code).toBe('NETWORK')
    expect((failure as ApiError).message).toBe(UNREACHABLE)
  })

  it('says so when the answer is not JSON (a proxy’s error page)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const failure = await api(`http://127.0.0.1:${port}/`, z.unknown()).catch((e: unknown) => e)
    await new Promise((resolve) => server.close(resolve))
    expect((failure as ApiError).message).toMatch(/^the server answered 502 with something other than JSON/)
  })
})
