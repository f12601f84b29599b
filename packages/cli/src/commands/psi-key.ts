import { readFile, writeFile } from 'node:fs/promises'
import { OrgId, PsiKeyFile } from '@vigil/contracts'
import { bytesToBase64, generatePsiKeyPair, psiKeyFingerprint, VigilError } from '@vigil/core'
import { nodeRandom } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { createPsiClient, type Fetch, type PsiClient } from '../psi/psi-client.js'

export interface PsiServerOptions {
  readonly server?: string
  readonly token?: string
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new VigilError('CONFIG_INVALID', `${what} is required`)
  return value
}

/** A client for the server and token of the options, or of VIGIL_SERVER_URL and VIGIL_TOKEN. */
export function psiClientOf(io: CliIo, options: PsiServerOptions, fetchFn?: Fetch): PsiClient {
  const server = required(options.server ?? io.env.VIGIL_SERVER_URL, '--server (or VIGIL_SERVER_URL)')
  const token = required(options.token ?? io.env.VIGIL_TOKEN, '--token (or VIGIL_TOKEN)')
  return createPsiClient(server, token, fetchFn)
}

/** The organisation's PSI key pair from the file `vigil psi key create` wrote. */
export async function readPsiKeyFile(path: string): Promise<PsiKeyFile> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new VigilError('VALIDATION_FAILED', `cannot read ${path}: ${err.code ?? err.message}`)
  })
  const parsed = PsiKeyFile.safeParse(JSON.parse(text))
  if (!parsed.success) throw new VigilError('VALIDATION_FAILED', `${path} is not a PSI key file`)
  return parsed.data
}

/**
 * `vigil psi key create --out FILE`: makes a fresh Ed25519 PSI key pair for the token's
 * organisation, writes it to FILE (mode 0600, never overwriting) and registers the public
 * half with the server. Prints the fingerprint for the other organisation to check.
 */
export async function psiKeyCreate(io: CliIo, options: PsiServerOptions & { readonly out?: string }, fetchFn?: Fetch): Promise<number> {
  const out = required(options.out, '--out')
  const client = psiClientOf(io, options, fetchFn)
  const me = await client.whoAmI()
  const { secretKey, publicKey } = generatePsiKeyPair(nodeRandom)
  const file: PsiKeyFile = {
    orgId: me.org.id,
    secretKey: bytesToBase64(secretKey),
    publicKey: bytesToBase64(publicKey),
    fingerprint: psiKeyFingerprint(publicKey),
  }
  await writeFile(out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    throw new VigilError('VALIDATION_FAILED', `cannot write ${out}: ${err.code ?? err.message}`)
  })
  const registered = await client.registerKey(file.publicKey)
  writeLine(io.stdout, `PSI key of ${me.org.name} written to ${out}; fingerprint (give it to the other organisation out of band):`)
  writeLine(io.stdout, registered.fingerprint)
  return 0
}

/** `vigil psi key show [--org ID]`: an organisation's PSI key fingerprint as the server holds it (your own by default). */
export async function psiKeyShow(
  io: CliIo,
  options: PsiServerOptions & { readonly org?: string; readonly json?: boolean },
  fetchFn?: Fetch,
): Promise<number> {
  const client = psiClientOf(io, options, fetchFn)
  const orgId = options.org === undefined ? (await client.whoAmI()).org.id : OrgId.safeParse(options.org).data
  if (!orgId) throw new VigilError('VALIDATION_FAILED', '--org must be an organisation id (a UUID)')
  const key = await client.psiKey(orgId)
  writeLine(io.stdout, options.json ? JSON.stringify(key) : `${key.orgId} ${key.fingerprint} (since ${key.createdAt})`)
  return 0
}
