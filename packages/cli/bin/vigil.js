#!/usr/bin/env node
// The committed entry npm links as `vigil`. npm links a workspace's bins before `prepare`
// builds dist, so the bin cannot be dist/main.js itself: it would be missing and not
// executable at link time, and `npx vigil` would find nothing to run.
try {
  await import('../dist/main.js')
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/main.js')) throw err
  process.stderr.write('vigil: the CLI is not built yet; run `npm run build` (npm ci does it)\n')
  process.exitCode = 1
}
