import { IngestResult } from '@vigil/contracts'
import { describeWithShared, loadMispCorpus, MISP_REFUSED, sortById } from '@vigil/contracts/test-support'
import { describeEachDatabase, type SeededUser, seedUser, testAuthDeps } from '@vigil/storage/test-support'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { VigilApp } from '../app.js'
import { buildTestApp } from '../test-support/test-app.js'

describeWithShared('REST with what MISP exports as STIX 2.1', 'standards/producers/misp-stix-2.1.json', (corpusPath) => {
  describeEachDatabase('REST: MISP output', (database) => {
    let app: VigilApp
    let admin: SeededUser
    let analyst: SeededUser

    beforeAll(async () => {
      const identity = testAuthDeps(database())
      app = await buildTestApp(database(), { identity })
      admin = await seedUser(identity, { roles: ['admin'] })
      analyst = await seedUser(identity, { roles: ['analyst'] })
    })
    afterAll(() => app?.close())

    it('stores every object but the three §11.1-breaking ones, says why, and exports the rest unchanged', async () => {
      const { bundle, stored } = loadMispCorpus(corpusPath)
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/collections',
        headers: admin.headers,
        payload: { title: 'MISP', read: { orgIds: [analyst.org.id] }, write: { orgIds: [analyst.org.id] }, defaultTlp: 'green' },
      })
      const collection = created.json().id
      const posted = await app.inject({
        method: 'POST',
        url: `/api/v1/collections/${collection}/objects`,
        headers: { ...analyst.headers, 'content-type': 'application/stix+json;version=2.1' },
        payload: JSON.stringify(bundle),
      })
      expect(posted.statusCode).toBe(200)
      const result = IngestResult.parse(posted.json())
      expect(result).toMatchObject({ total: 304, successCount: 301, failureCount: 3 })
      for (const failure of result.failures) {
        const expected = MISP_REFUSED[failure.id ?? '']
        expect(failure.issues).toContainEqual({ path: expected?.path, message: expect.stringMatching(expected?.says ?? /./) })
      }
      expect(result.failures.map((f) => f.id).sort()).toEqual(Object.keys(MISP_REFUSED).sort())

      const exported = await app.inject({ url: `/api/v1/collections/${collection}/export`, headers: analyst.headers })
      expect(exported.statusCode).toBe(200)
      expect(sortById(exported.json().objects)).toEqual(stored)
    })
  })
})
