import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

// Tests run on the TypeScript sources: `@vigil/x` resolves to packages/x/src, no build needed.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@vigil\/(contracts|core|storage|server|cli)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@vigil\/core\/psi$/, replacement: `${packages}core/src/psi/index.ts` },
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
  },
})
