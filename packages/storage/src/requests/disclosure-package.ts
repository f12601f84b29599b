import { createHash, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto'
import type { DataCategory } from '@vigil/contracts'
import { type AccountExtract, type DisclosurePackager, hashDownloadToken } from '@vigil/core'
import { toCsv } from '../shared/csv.js'
import { zipFiles } from '../shared/zip-files.js'

/** One file of a package, as its manifest lists it. */
export interface ManifestFile {
  readonly name: string
  readonly sha256: string
  readonly bytes: number
}

/** What a package's `manifest.json` states; `manifest.sig` is its Ed25519 signature. */
export interface PackageManifest {
  readonly packageId: string
  readonly requestId: string
  readonly caseNumber: string
  readonly categories: readonly DataCategory[]
  readonly dateRange: { readonly from: string; readonly to: string }
  readonly createdAt: string
  readonly files: readonly ManifestFile[]
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Cells as CSV writes them: strings as they are, other values (activity data) as JSON. */
function csv(rows: readonly (readonly unknown[])[]): string {
  return toCsv(rows.map((r) => r.map((v) => (v === undefined || v === null || typeof v === 'string' ? v : JSON.stringify(v)))))
}

/** A built package: the zip, its manifest, and the secret of its download link. */
export interface BuiltPackage {
  readonly id: string
  readonly zip: Buffer
  readonly sha256: string
  readonly manifest: PackageManifest
  readonly token: string
  readonly tokenHash: string
}

/** Field limits narrow a record to the fields a process reaches (an NSL: name and length of service). */
function limitFields(account: AccountExtract['account'], fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields) return { ...account }
  const limited: Record<string, unknown> = { type: 'account', accountId: account.accountId }
  if (fields.includes('name') && account.name) limited.name = account.name
  if (fields.includes('length_of_service') && account.createdAt) limited.createdAt = account.createdAt
  return limited
}

/**
 * Builds a disclosure package: `data.json` and the CSVs hold only what the extracts hold (the
 * approved categories, accounts and dates); `manifest.json` lists each file's SHA-256 and
 * `manifest.sig` signs it with the instance's Ed25519 key.
 */
export async function buildDisclosurePackage(
  extracts: readonly AccountExtract[],
  meta: Omit<PackageManifest, 'packageId' | 'files' | 'createdAt'> & { readonly fieldLimits: Readonly<Record<string, readonly string[]>> },
  signingKey: KeyObject,
  now: Date,
): Promise<BuiltPackage> {
  const id = randomUUID()
  const accounts = extracts.map((e) => limitFields(e.account, meta.fieldLimits.basic_subscriber_info))
  const activities = extracts.flatMap((e) => e.activities)
  const data = { requestId: meta.requestId, caseNumber: meta.caseNumber, accounts, activities }
  const files = [
    { name: 'data.json', content: Buffer.from(`${JSON.stringify(data, null, 2)}\n`) },
    {
      name: 'accounts.csv',
      content: Buffer.from(
        csv([
          ['account_id', 'username', 'email', 'phone', 'name', 'created_at', 'address', 'payment_method'],
          ...accounts.map((a) => [a.accountId, a.username, a.email, a.phone, a.name, a.createdAt, a.address, a.paymentMethod]),
        ]),
      ),
    },
    {
      name: 'activity.csv',
      content: Buffer.from(
        csv([['account_id', 'category', 'at', 'data'], ...activities.map((a) => [a.accountId, a.category, a.at, a.data])]),
      ),
    },
  ]
  const manifest: PackageManifest = {
    packageId: id,
    requestId: meta.requestId,
    caseNumber: meta.caseNumber,
    categories: meta.categories,
    dateRange: meta.dateRange,
    createdAt: now.toISOString(),
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.content), bytes: f.content.length })),
  }
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
  const signature = sign(null, manifestBytes, signingKey).toString('base64')
  const archive = await zipFiles(
    [...files, { name: 'manifest.json', content: manifestBytes }, { name: 'manifest.sig', content: Buffer.from(`${signature}\n`) }],
    now,
  )
  const token = randomBytes(32).toString('base64url')
  return { id, zip: archive, sha256: sha256(archive), manifest, token, tokenHash: hashDownloadToken(token) }
}

/** Core's packager port: packages built here and signed with the instance's Ed25519 key. */
export function createDisclosurePackager(signingKey: KeyObject): DisclosurePackager {
  return { build: (extracts, meta, now) => buildDisclosurePackage(extracts, meta, signingKey, now) }
}
