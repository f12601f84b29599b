#!/usr/bin/env node
import { run } from './run.js'

// A reader that closed its end (`vigil export … | head`) ends the command quietly, as it
// would any Unix filter, instead of crashing with an EPIPE stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  process.exit(0)
})

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
})
