import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'
import { VigilError } from './errors.js'

describe('loadConfig', () => {
  it('gives the documented defaults and freezes the result', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      databaseUrl: undefined,
      dataDir: './vigil-data',
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      trustProxy: false,
      logLevel: 'info',
    })
    expect(Object.isFrozen(c)).toBe(true)
    expect(Object.isFrozen(c.secrets)).toBe(true)
    expect(c.detect).toEqual({ dumpDir: './vigil-data/dumps', uploadLimit: 1024 ** 3, workerTimeoutSeconds: 60 })
    expect(c.natsUrl).toBeUndefined()
    expect(loadConfig({ VIGIL_NATS_URL: 'nats://127.0.0.1:4222' }).natsUrl).toBe('nats://127.0.0.1:4222')
    expect(c.liveIngest).toEqual({ bodyLimit: 8 * 1024 ** 2, perMinute: 600 })
    expect(loadConfig({ VIGIL_LIVE_INGEST_LIMIT: '4096', VIGIL_LIVE_INGEST_PER_MINUTE: '5' }).liveIngest).toEqual({
      bodyLimit: 4096,
      perMinute: 5,
    })
    expect(() => loadConfig({ VIGIL_NATS_URL: 'http://x' })).toThrow(/VIGIL_NATS_URL/)
    expect(c.liveDelivery).toEqual({ allowLoopbackHttp: false, attempts: 6, retrySeconds: 10 })
    expect(loadConfig({ VIGIL_LIVE_WEBHOOK_LOOPBACK: '1', VIGIL_LIVE_WEBHOOK_ATTEMPTS: '2' }).liveDelivery).toMatchObject({
      allowLoopbackHttp: true,
      attempts: 2,
    })
  })

  it('reads the detection settings', () => {
    const c = loadConfig({
      VIGIL_DATA_DIR: '/srv/vigil/',
      VIGIL_DETECT_UPLOAD_LIMIT: '2048',
      VIGIL_DETECT_WORKER_TIMEOUT: '5',
    })
    expect(c.detect).toEqual({ dumpDir: '/srv/vigil/dumps', uploadLimit: 2048, workerTimeoutSeconds: 5 })
    expect(loadConfig({ VIGIL_DETECT_DIR: '/dumps' }).detect.dumpDir).toBe('/dumps')
    expect(() => loadConfig({ VIGIL_DETECT_UPLOAD_LIMIT: '10' })).toThrow(/VIGIL_DETECT_UPLOAD_LIMIT/)
  })

  it('reads every variable', () => {
    const c = loadConfig({
      VIGIL_DATABASE_URL: 'postgres://u@127.0.0.1:5432/test',
      VIGIL_DATA_DIR: '/tmp/v',
      VIGIL_HOST: '0.0.0.0',
      VIGIL_PORT: '9000',
      VIGIL_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      VIGIL_LOG_LEVEL: 'debug',
      VIGIL_SESSION_SECRET: 'x'.repeat(40),
    })
    expect(c.databaseUrl).toBe('postgres://u@127.0.0.1:5432/test')
    expect(c.port).toBe(9000)
    expect(c.publicUrl).toBe('http://127.0.0.1:9000')
    expect(c.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1'])
    expect(c.logLevel).toBe('debug')
    expect(c.secrets.sessionSecret).toHaveLength(40)
  })

  it('takes the public URL as given, without a trailing slash', () => {
    expect(loadConfig({ VIGIL_PUBLIC_URL: 'https://vigil.example.org/' }).publicUrl).toBe('https://vigil.example.org')
  })

  it.each([
    [{ VIGIL_PORT: 'eighty' }, /^VIGIL_PORT: .*\(got 'eighty'\)$/],
    [{ VIGIL_PORT: '70000' }, /^VIGIL_PORT: /],
    [{ VIGIL_DATABASE_URL: 'mysql://x' }, /^VIGIL_DATABASE_URL: expected a postgres/],
    [{ VIGIL_LOG_LEVEL: 'loud' }, /^VIGIL_LOG_LEVEL: /],
    [{ VIGIL_PUBLIC_URL: 'ftp://x' }, /^VIGIL_PUBLIC_URL: /],
    [{ VIGIL_PROT: '1' }, /^VIGIL_PROT: unknown setting$/],
    [{ VIGIL_TRUST_PROXY: 'maybe' }, /^VIGIL_TRUST_PROXY: /],
  ])('refuses %o with one line naming the variable', (env, message) => {
    try {
      loadConfig(env)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(VigilError)
      expect((e as VigilError).code).toBe('CONFIG_INVALID')
      expect((e as VigilError).message).toMatch(message)
      expect((e as VigilError).message).not.toContain('\n')
    }
  })

  it('never echoes a secret in its error', () => {
    expect(() => loadConfig({ VIGIL_SESSION_SECRET: 'short-secret' })).toThrow(/^VIGIL_SESSION_SECRET: must be at least 32 characters$/)
  })
})
