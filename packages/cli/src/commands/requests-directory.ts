import { AgencyDirectoryEntry } from '@vigil/contracts'
import { parseInput, systemActor, VigilError } from '@vigil/core'
import { listAgency, markSenderCompromised, openStore, type VigilDatabase } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'

export interface AgencyOptions extends StorageOptions {
  readonly name: string
  readonly country: string
  readonly domain: readonly string[]
  readonly phone: string
  readonly securityContact?: string
  readonly org?: string
}

async function withDb(io: CliIo, options: StorageOptions, use: (db: VigilDatabase['db']) => Promise<void>) {
  const database = await openStore(configFrom(io, storageFlags(options)), 'update')
  try {
    await use(database.db)
  } finally {
    await database.close()
  }
}

/** `vigil requests agency-add`: lists an agency in the verified directory, with its call-back number. */
export async function agencyAdd(io: CliIo, options: AgencyOptions): Promise<number> {
  const entry = parseInput(
    AgencyDirectoryEntry,
    {
      agency: options.name,
      country: options.country,
      domains: options.domain,
      callbackPhone: options.phone,
      ...(options.securityContact ? { securityContact: options.securityContact } : {}),
    },
    'agency',
  )
  await withDb(io, options, async (db) => {
    await listAgency(db, systemActor('cli'), entry, options.org ?? null, new Date())
  })
  const contact = entry.securityContact ? `, security contact ${entry.securityContact}` : ''
  writeLine(
    io.stdout,
    `Listed ${entry.agency} (${entry.country}): ${entry.domains.join(', ')}, call-back ${entry.callbackPhone}${contact}.`,
  )
  return 0
}

/** `vigil requests flag-sender ADDRESS|DOMAIN`: refuses every request from it from now on (§3.1 G1). */
export async function flagSender(io: CliIo, value: string, options: StorageOptions): Promise<number> {
  if (!/^[^\s@]*@?[a-z0-9.-]+\.[a-z]{2,}$/i.test(value))
    throw new VigilError('VALIDATION_FAILED', `expected an e-mail address or a domain (got '${value}')`)
  await withDb(io, options, async (db) => {
    await markSenderCompromised(db, systemActor('cli'), value, new Date())
  })
  writeLine(io.stdout, `Flagged ${value.toLowerCase()} as compromised.`)
  return 0
}
