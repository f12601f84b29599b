import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

/** Where the shared standards and real datasets are: `VIGIL_SHARED_DIR`, default `../shared`. */
export function sharedDir(): string {
  return resolve(repoRoot, process.env.VIGIL_SHARED_DIR ?? '../shared')
}

/**
 * A suite over real files in the shared directory. Where they are absent the suite is
 * skipped with a visible message, and fails instead when `VIGIL_REQUIRE_SHARED=1` (CI).
 *
 * @example
 * describeWithShared('IRA reader', 'data/cib/ira_538_by_author', (dir) => { it(…) })
 */
export function describeWithShared(title: string, relativePath: string, suite: (path: string) => void): void {
  const path = join(sharedDir(), relativePath)
  if (existsSync(path)) {
    describe(title, () => suite(path))
  } else if (process.env.VIGIL_REQUIRE_SHARED === '1') {
    describe(title, () => {
      it(`needs ${path}`, () => {
        throw new Error(`${path} is missing and VIGIL_REQUIRE_SHARED=1: set VIGIL_SHARED_DIR`)
      })
    })
  } else {
    console.warn(`[vigil] skipping "${title}": ${path} is absent (set VIGIL_SHARED_DIR)`)
    describe.skip(title, () => suite(path))
  }
}

/**
 * The `--map` of CooRTweet's German-elections sample (`data/cib/coortweet/german_elections.csv`,
 * columns as its PROVENANCE.md lists them).
 */
export const GERMAN_ELECTIONS_MAP = {
  account: 'account_id',
  post: 'post_id',
  url: 'url_id',
  hashtag: 'hashtag_id',
  domain: 'domain_id',
  image_hash: 'phash_id',
  time: 'timestamp',
} as const

export { loadMispCorpus, MISP_REFUSED, sortById } from './misp-corpus.js'
export { bundleText, poisonedObjectTexts } from './poisoned-stix.js'
/** The STIX 2.1 specification's examples of the types beyond the basic fixtures. */
export { STIX_SPEC_EXAMPLES } from './stix-spec-examples.js'
