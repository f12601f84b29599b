import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { NetworksFile } from '@vigil/contracts'
import { buildIoArchive, DEFAULT_HASH_THRESHOLD, parseFieldMap, VigilError } from '@vigil/core'
import { readArchivePosts, zipIoArchive } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'

/** The options commander hands to `vigil disclose archive`. */
export interface DiscloseArchiveOptions {
  readonly from: string
  readonly dump: readonly string[]
  readonly map?: string
  readonly network: string
  readonly out: string
  readonly threshold?: string
}

async function readNetworks(dir: string): Promise<NetworksFile> {
  const path = join(dir, 'networks.json')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new VigilError('DISCLOSE_SELECTION_INVALID', `${path}: cannot read it; --from names a \`vigil detect\` output directory`)
  }
  const parsed = NetworksFile.safeParse(
    (() => {
      try {
        return JSON.parse(text)
      } catch {
        return undefined
      }
    })(),
  )
  if (!parsed.success) throw new VigilError('DISCLOSE_SELECTION_INVALID', `${path}: not a \`vigil detect\` networks file`)
  return parsed.data
}

/**
 * `vigil disclose archive`: the researchers' archive of one network of a `vigil detect` run,
 * with a fresh release key that is used once and never written anywhere.
 */
export async function discloseArchive(io: CliIo, options: DiscloseArchiveOptions): Promise<number> {
  const threshold = Number(options.threshold ?? DEFAULT_HASH_THRESHOLD)
  if (!Number.isInteger(threshold) || threshold < 0) throw new VigilError('VALIDATION_FAILED', '--threshold must be an integer ≥ 0')
  const file = await readNetworks(options.from)
  const network = file.networks.find((n) => n.id === options.network)
  if (network === undefined) {
    const known = file.networks.map((n) => n.id).join(', ') || 'none'
    throw new VigilError('DISCLOSE_SELECTION_INVALID', `unknown network ${options.network} (the run has: ${known})`)
  }
  const posts = await readArchivePosts(options.dump, options.map === undefined ? undefined : parseFieldMap(options.map))
  const releaseDate = new Date()
  const archive = buildIoArchive({ members: network.members, posts, secret: randomBytes(32), threshold, releaseDate })
  await writeFile(options.out, await zipIoArchive(archive, releaseDate))
  writeLine(
    io.stdout,
    `Wrote ${options.out}: ${archive.tweets.length - 1} posts by ${network.members.length} accounts of ${network.id}; ` +
      `${archive.hashedAccounts} accounts hashed (under ${threshold} followers), ${archive.keptAccounts} kept`,
  )
  return 0
}
