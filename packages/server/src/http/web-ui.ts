import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import { VigilError } from '@vigil/core'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

// Paths that belong to the APIs, never to the single-page app.
const API_PREFIXES = ['/api/', '/taxii2', '/healthz', '/readyz']

/**
 * Serves the built web UI: its files as they are, and `index.html` for any other page
 * path so that client-side routes survive a reload. Hashed assets are cached for good.
 */
export function serveWebUi(root: string): FastifyPluginAsync {
  return fp(async (app) => {
    if (!existsSync(join(root, 'index.html'))) {
      app.log.warn({ root }, 'the web UI is not built; serving the APIs only')
      return
    }
    await app.register(fastifyStatic, { root, serve: false })
    app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const path = (request.params as { '*': string })['*']
      if (API_PREFIXES.some((p) => request.url.startsWith(p))) {
        throw new VigilError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`)
      }
      // Source maps are never served, even when a development build left them in the web root.
      if (path.endsWith('.map')) throw new VigilError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`)
      if (path !== '' && existsSync(join(root, path)) && !path.includes('..')) {
        const immutable = path.startsWith('assets/')
        return reply.sendFile(path, { maxAge: immutable ? '365d' : 0, immutable })
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    })
  })
}
