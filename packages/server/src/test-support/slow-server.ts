// A `vigil serve` with one slow route, run as a child process by the shutdown test.
import { loadConfig } from '@vigil/core'
import type { FastifyPluginAsync } from 'fastify'
import { startServer } from '../main.js'

const slow: FastifyPluginAsync = async (app) => {
  app.get('/test/slow', { config: { permission: 'public' } }, async () => {
    // The test sends SIGTERM on this line: the request is then surely in flight.
    process.stdout.write('slow request started\n')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    return { finished: true }
  })
}

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: slow-server.ts DATA_DIR')
const server = await startServer(loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' }), {
  handleSignals: true,
  plugins: [slow],
  logDestination: process.stderr,
})
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`)
await server.closed
