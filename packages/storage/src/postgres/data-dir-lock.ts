import { mkdir, open, readFile, rmdir, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { VigilError } from '@vigil/core'

/** Releases the lock; safe to call twice. */
export type Unlock = () => Promise<void>

/** Who holds a data directory: enough to tell, on the same machine, whether it still runs. */
interface LockOwner {
  readonly pid: number
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not mistaken for the owner. */
  readonly startTime: string | null
  readonly host: string
  /** Linux's boot id: after a reboot no earlier owner can be alive. */
  readonly bootId: string | null
}

const LOCK_FILE = 'vigil.lock.json'
/** A takeover or a lock write cut short by a crash leaves a marker or an empty lock; after this long it is cleared. */
const TAKEOVER_STALE_MS = 10_000

/**
 * Takes the exclusive lock on a data directory. PGlite serves one process and does not
 * lock its files itself, so a second process would silently corrupt or lose writes.
 *
 * The lock is a file created exclusively, naming its owner's pid, start time and machine.
 * A lock whose owner has died (a crash, `kill -9`) is taken over at once: on the same
 * machine the pid no longer runs, or runs a different process (another start time), or the
 * machine has rebooted since. A lock held from another machine cannot be checked and is
 * refused, naming the file to delete once that process is known to be gone.
 */
export async function lockDataDir(dataDir: string): Promise<Unlock> {
  const dir = resolve(dataDir)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, LOCK_FILE)
  const me = await currentOwner(process.pid)
  if (!(await tryCreate(path, me))) {
    const owner = await readOwner(path)
    if (owner === undefined ? !(await isAbandoned(path)) : await isAlive(owner)) throw lockedError(dir, path, owner)
    await takeOver(dir, path, owner, me)
  }
  let released = false
  return async () => {
    if (released) return
    released = true
    const owner = await readOwner(path)
    if (owner !== undefined && sameOwner(owner, me)) await unlink(path).catch(() => {})
  }
}

/** Replaces a dead owner's lock, under a marker directory so two starters cannot both win. */
async function takeOver(dir: string, path: string, dead: LockOwner | undefined, me: LockOwner): Promise<void> {
  const marker = `${path}.takeover`
  try {
    await mkdir(marker, { mode: 0o700 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    const age = Date.now() - (await stat(marker)).mtimeMs
    if (age < TAKEOVER_STALE_MS) throw lockedError(dir, path, dead)
    await rmdir(marker).catch(() => {})
    return takeOver(dir, path, dead, me)
  }
  try {
    const current = await readOwner(path)
    // Someone else replaced the dead lock between our read and the marker: theirs stands.
    if (current === undefined ? dead !== undefined : dead === undefined || !sameOwner(current, dead)) throw lockedError(dir, path, current)
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err
    })
    if (!(await tryCreate(path, me))) throw lockedError(dir, path, await readOwner(path))
  } finally {
    await rmdir(marker).catch(() => {})
  }
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let file: Awaited<ReturnType<typeof open>>
  try {
    file = await open(path, 'wx', 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new VigilError('STORAGE_UNAVAILABLE', `cannot lock the data directory: ${(err as Error).message}`, { path }, { cause: err })
  }
  try {
    await file.writeFile(JSON.stringify(owner))
    await file.sync()
  } finally {
    await file.close()
  }
  return true
}

/** The lock's owner, or undefined while it is being written (or unreadable): then it counts as held. */
async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined
    return { pid: value.pid, startTime: value.startTime ?? null, host: value.host, bootId: value.bootId ?? null }
  } catch {
    return undefined
  }
}

/** A lock file that never got its owner written (a crash between create and write) is abandoned once it is old. */
async function isAbandoned(path: string): Promise<boolean> {
  const age = Date.now() - (await stat(path)).mtimeMs
  return age > TAKEOVER_STALE_MS
}

async function isAlive(owner: LockOwner): Promise<boolean> {
  if (owner.host !== hostname()) return true
  const bootId = await readProc('/proc/sys/kernel/random/boot_id')
  if (bootId !== null && owner.bootId !== null && bootId !== owner.bootId) return false
  try {
    process.kill(owner.pid, 0)
  } catch (err) {
    // EPERM: the pid runs, as another user's process; it may still be a Vigil.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false
  }
  if (owner.startTime === null) return true
  return (await processStartTime(owner.pid)) === owner.startTime
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.startTime === b.startTime && a.host === b.host && a.bootId === b.bootId
}

async function currentOwner(pid: number): Promise<LockOwner> {
  return { pid, startTime: await processStartTime(pid), host: hostname(), bootId: await readProc('/proc/sys/kernel/random/boot_id') }
}

/** Field 22 of /proc/PID/stat (proc(5)); the command name before it may hold spaces and parentheses. */
async function processStartTime(pid: number): Promise<string | null> {
  const stat = await readProc(`/proc/${pid}/stat`)
  if (stat === null) return null
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
}

async function readProc(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).trim()
  } catch {
    return null
  }
}

function lockedError(dir: string, path: string, owner: LockOwner | undefined): VigilError {
  const holder =
    owner === undefined
      ? 'another Vigil process'
      : `another Vigil process (pid ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`})`
  const remote = owner !== undefined && owner.host !== hostname()
  return new VigilError(
    'STORAGE_LOCKED',
    `the data directory ${dir} is in use by ${holder}; stop it first, or share a PostgreSQL server through VIGIL_DATABASE_URL` +
      (remote ? `; if that process is gone, delete ${path}` : ''),
    { dataDir: dir },
  )
}
