import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeEachDatabase } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

describeEachDatabase('web UI', (database) => {
  let app: VigilApp
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-web-'))
    await mkdir(join(root, 'assets'))
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Vigil</title>')
    await writeFile(join(root, 'assets', 'app-abc123.js'), 'console.log(1)')
    await writeFile(join(root, 'assets', 'app-abc123.js.map'), '{"version":3,"sources":["secret.ts"]}')
    app = await buildTestApp(database(), { webRoot: root })
  })
  afterAll(async () => {
    await app.close()
    await rm(root, { recursive: true, force: true })
  })

  it('serves index.html at / and for client-side routes', async () => {
    for (const url of ['/', '/exchange/objects/indicator--1', '/requests']) {
      const res = await app.inject({ url })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.body).toContain('<title>Vigil</title>')
    }
  })

  it('serves hashed assets with long-lived caching', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('console.log(1)')
    expect(res.headers['cache-control']).toContain('immutable')
  })

  it('never serves source maps, even when a build left them in its root', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js.map' })
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain('secret.ts')
  })

  it('keeps API misses as JSON 404s and never serves files outside its root', async () => {
    const api = await app.inject({ url: '/api/v1/unknown' })
    expect(api.statusCode).toBe(404)
    expect(api.json().error.code).toBe('NOT_FOUND')
    const traversal = await app.inject({ url: '/..%2f..%2fetc%2fpasswd' })
    expect(traversal.body).not.toContain('root:')
  })
})
