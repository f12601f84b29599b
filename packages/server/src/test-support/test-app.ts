import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AssessmentSettings } from '@vigil/contracts'
import { loadConfig, type PsiDeps, type SignInDeps, systemClock } from '@vigil/core'
import { createDetectRunStore, type InstanceSecrets, type VigilDatabase } from '@vigil/storage'
import { testAuthDeps } from '@vigil/storage/test-support'
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import { pino } from 'pino'
import { type AppDeps, buildApp, type VigilApp } from '../app.js'
import { type DetectQueue, startDetectQueue, uploadsDirOf } from '../detect/detect-queue.js'

/** Secrets for tests: fresh keys, never written anywhere. */
export function testSecrets(): InstanceSecrets {
  const { privateKey } = generateKeyPairSync('ed25519')
  return {
    sessionSecret: 'test-session-secret-'.padEnd(43, 'x'),
    signingKey: privateKey,
    verifyKey: createPublicKey(privateKey),
    dataKey: randomBytes(32),
  }
}

/** The app over a test database, as `main.ts` would build it, without listening. */
export function buildTestApp(
  database: VigilDatabase,
  extra: {
    plugins?: readonly FastifyPluginAsync[]
    logger?: FastifyBaseLogger
    env?: Record<string, string>
    webRoot?: string
    identity?: SignInDeps
    requestsPolicy?: AssessmentSettings
    secrets?: InstanceSecrets
    psi?: PsiDeps
    detectQueue?: AppDeps['detectQueue']
  } = {},
): Promise<VigilApp> {
  const deps: AppDeps = {
    // A data directory of its own, so no test reads checkpoints or keys from the working directory.
    config: loadConfig({ VIGIL_DATA_DIR: join(tmpdir(), `vigil-test-${randomUUID()}`), ...extra.env }),
    database,
    secrets: extra.secrets ?? testSecrets(),
    identity: extra.identity ?? testAuthDeps(database),
    ...(extra.psi ? { psi: extra.psi } : {}),
    ...(extra.detectQueue ? { detectQueue: extra.detectQueue } : {}),
    ...(extra.logger ? { logger: extra.logger } : {}),
    ...(extra.webRoot ? { webRoot: extra.webRoot } : {}),
    plugins: extra.plugins ?? [],
    ...(extra.requestsPolicy ? { requestsPolicy: extra.requestsPolicy } : {}),
  }
  return buildApp(deps)
}

/** The app with a real detection queue over `database`, its uploads under `dataDir`: server runs complete. */
export async function buildDetectTestApp(
  database: VigilDatabase,
  identity: SignInDeps,
  dataDir: string,
): Promise<{ app: VigilApp; queue: DetectQueue }> {
  const queue = await startDetectQueue({
    database,
    store: createDetectRunStore(database.db),
    uploadsDir: uploadsDirOf(dataDir),
    clock: systemClock,
    logger: pino({ enabled: false }),
    workerTimeoutSeconds: 60,
  })
  const app = await buildTestApp(database, { identity, env: { VIGIL_DATA_DIR: dataDir }, detectQueue: queue })
  return { app, queue }
}
