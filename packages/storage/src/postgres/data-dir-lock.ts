import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { VigilError } from '@vigil/core'
import lockfile from 'proper-lockfile'

/** Releases the lock; safe to call twice. */
export type Unlock = () => Promise<void>

/**
 * Takes the exclusive lock on a data directory. PGlite serves one process and does not
 * lock its files itself, so a second process would silently corrupt or lose writes.
 * The lock is a directory created atomically and refreshed while held, so a crashed
 * holder's lock goes stale after `staleMs` instead of blocking forever.
 */
export async function lockDataDir(dataDir: string, staleMs = 30_000): Promise<Unlock> {
  const dir = resolve(dataDir)
  await mkdir(dir, { recursive: true })
  let release: () => Promise<void>
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: join(dir, 'vigil.lock'),
      stale: staleMs,
      realpath: false,
      onCompromised: (err) => {
        // Another process took the directory over: continuing would corrupt it.
        process.emitWarning(`Vigil lost its lock on ${dir}: ${err.message}`)
        process.exit(70)
      },
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new VigilError(
        'STORAGE_LOCKED',
        `the data directory ${dir} is in use by another Vigil process; stop it first, or share a PostgreSQL server through VIGIL_DATABASE_URL`,
        { dataDir: dir },
      )
    }
    throw err
  }
  let released = false
  return async () => {
    if (released) return
    released = true
    await release()
  }
}
