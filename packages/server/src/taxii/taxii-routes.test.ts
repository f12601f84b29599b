import { ApiRoot, Discovery, TAXII_MEDIA_TYPE } from '@vigil/contracts'
import type { VigilDatabase } from '@vigil/storage'
import { openTestDatabase } from '@vigil/storage/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { listenOnFreePort } from '../test-support/listen.js'
import { buildTestApp } from '../test-support/test-app.js'

describe('TAXII discovery and API root, over HTTP', () => {
  let database: VigilDatabase
  let app: VigilApp
  let base: string
  beforeAll(async () => {
    database = await openTestDatabase('pglite')
    app = await buildTestApp(database, { env: { VIGIL_PUBLIC_URL: 'https://vigil.example.org/', VIGIL_BODY_LIMIT: '2097152' } })
    base = await listenOnFreePort(app)
  })
  afterAll(async () => {
    await app.close()
    await database.close()
  })

  it('lists the API root as an absolute URL from VIGIL_PUBLIC_URL', async () => {
    const res = await fetch(`${base}/taxii2/`, { headers: { accept: TAXII_MEDIA_TYPE } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE)
    const discovery = Discovery.parse(await res.json())
    expect(discovery.api_roots).toEqual(['https://vigil.example.org/taxii2/vigil/'])
    expect(discovery.default).toBe('https://vigil.example.org/taxii2/vigil/')
  })

  it('describes the API root with TAXII 2.1 and max_content_length from the body limit', async () => {
    const res = await fetch(`${base}/taxii2/vigil/`, { headers: { accept: TAXII_MEDIA_TYPE } })
    expect(res.status).toBe(200)
    expect(ApiRoot.parse(await res.json())).toMatchObject({ versions: [TAXII_MEDIA_TYPE], max_content_length: 2097152 })
  })

  it('answers an unknown API root with a TAXII 404', async () => {
    const res = await fetch(`${base}/taxii2/other/`, { headers: { accept: TAXII_MEDIA_TYPE } })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ http_status: '404', error_code: 'NOT_FOUND' })
  })
})
