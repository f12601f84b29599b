import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

// Tests run on the TypeScript sources: `@vigil/x` resolves to packages/x/src, no build needed.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@vigil\/(contracts|core|storage|server|cli)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@vigil\/core\/psi$/, replacement: `${packages}core/src/psi/index.ts` },
      { find: /^@vigil\/core\/requests\/requirements$/, replacement: `${packages}core/src/requests/request-requirements.ts` },
      { find: /^@vigil\/storage\/test-support$/, replacement: `${packages}storage/src/test-support/index.ts` },
      { find: /^@vigil\/contracts\/test-support$/, replacement: `${packages}contracts/src/test-support/shared-data.ts` },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['packages/storage/src/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on a 2-core machine, one, though most
    // suites spend much of their time waiting on PostgreSQL, child processes and NATS. One fork
    // per core keeps both cores busy (VIGIL_TEST_WORKERS overrides).
    maxWorkers: Number(process.env.VIGIL_TEST_WORKERS) || Math.max(2, availableParallelism()),
  },
})
