import { defineConfig } from 'vitest/config'

// End-to-end: a real `vigil serve` on PGlite (the built CLI) driven by Debian's Chromium.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.e2e.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 60_000,
    // The UI waits on scrypt and a shared 2-core machine: give assertions time, not tests.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // Each admin CLI run before the server starts opens the embedded store: on a loaded shared
    // machine, seeding a suite's users takes minutes.
    hookTimeout: 600_000,
    // One browser and one server at a time: the machine has two cores.
    fileParallelism: false,
  },
})
