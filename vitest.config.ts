import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

// The files that take longest (kills of child servers, property tests over both databases,
// CLI runs on embedded stores), slowest first, as measured in docs/BENCHMARKS.md. With no
// durations cached (a clean clone), Vitest starts the largest files first; these are small,
// so they ran last, and the slowest kept one fork busy for minutes after the other finished.
const SLOW_FIRST = [
  'cli/src/serve-faults-runs.test.ts',
  'cli/src/serve-faults-objects.test.ts',
  'storage/src/exchange/isolation.test.ts',
  'storage/src/live/post-identity.test.ts',
  'server/src/detect/detect-restart.test.ts',
  'cli/src/commands/exchange-cli.test.ts',
  'storage/src/live/live-equivalence.test.ts',
  'cli/src/commands/admin.test.ts',
  'storage/src/live/live-equivalence-dumps.test.ts',
  'server/src/taxii/taxii-isolation.test.ts',
  'cli/src/commands/requests.test.ts',
  'cli/src/main.test.ts',
  'server/src/first-start.test.ts',
  'cli/src/run.test.ts',
  'server/src/exchange/exchange-isolation.test.ts',
]

/** Vitest's order (cached durations, else size), with the known slow files moved to the front. */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((s) => f.moduleId.endsWith(s))
      return i === -1 ? SLOW_FIRST.length : i
    }
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}

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
    sequence: { sequencer: SlowFirstSequencer },
    // Vitest's default is one worker fewer than the cores: on a 2-core machine, one, though most
    // suites spend much of their time waiting on PostgreSQL, child processes and NATS. One fork
    // per core keeps both cores busy (VIGIL_TEST_WORKERS overrides).
    maxWorkers: Number(process.env.VIGIL_TEST_WORKERS) || Math.max(2, availableParallelism()),
  },
})
