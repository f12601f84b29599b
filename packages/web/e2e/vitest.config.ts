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
    // The harness runs the built CLI's commands in the test's process: let Node load the built
    // packages as the bin does, not Vite's transform.
    server: { deps: { external: [/\/packages\/[a-z]+\/dist\//] } },
    // One suite at a time: two at a time saved a fifth of the wall time on the loaded machine,
    // but the detection suite then missed its 20 s polls (a network's evidence query beside
    // another suite's server and browser), and a flaky CI lands nothing.
    fileParallelism: false,
  },
})
