import { ApiToken, ApiTokenId, ApiTokenInput, CreatedApiToken } from '@vigil/contracts'
import { createApiToken, findManagedUserByEmail, listApiTokens, parseInput, revokeApiToken, VigilError } from '@vigil/core'
import type { CliIo } from '../io.js'
import { print, withAdminContext } from './admin-context.js'
import type { StorageOptions } from './config-options.js'

interface Json extends StorageOptions {
  readonly json?: boolean
}

/** `90d`, `90` (days) or `12w` as a number of days. */
export function parseExpiresIn(value: string): number {
  const match = /^(\d{1,4})([dw]?)$/.exec(value.trim())
  if (!match) throw new VigilError('VALIDATION_FAILED', `--expires-in: expected a number of days such as 90d (got '${value}')`)
  return Number(match[1]) * (match[2] === 'w' ? 7 : 1)
}

const describeToken = (t: ApiToken): string =>
  `${t.prefix}…  ${t.name}  ${t.revokedAt ? 'revoked' : 'active'}  expires ${t.expiresAt ?? 'never'}  last used ${t.lastUsedAt ?? 'never'}  ${t.id}`

/** `vigil admin token create --user E [--name N] [--expires-in 90d]`: prints the token once. */
export function createTokenCommand(
  io: CliIo,
  o: Json & { readonly user: string; readonly name?: string; readonly expiresIn?: string },
): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const input = parseInput(ApiTokenInput, {
      ...(o.name === undefined ? {} : { name: o.name }),
      ...(o.expiresIn === undefined ? {} : { expiresInDays: parseExpiresIn(o.expiresIn) }),
    })
    const user = await findManagedUserByEmail(ctx.identity, ctx.actor, o.user)
    const created = CreatedApiToken.parse(await createApiToken(ctx.identity, ctx.actor, user.id, input))
    return print(io, o.json, created, () => [
      `Created token '${created.token.name}' for ${user.email} (id ${created.token.id}, expires ${created.token.expiresAt ?? 'never'}).`,
      'Copy it now; it is not shown again:',
      created.secret,
    ])
  })
}

/** `vigil admin token list --user E` */
export function listTokensCommand(io: CliIo, o: Json & { readonly user: string }): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const user = await findManagedUserByEmail(ctx.identity, ctx.actor, o.user)
    const tokens = ApiToken.array().parse(await listApiTokens(ctx.identity, ctx.actor, user.id))
    return print(io, o.json, tokens, () => (tokens.length === 0 ? ['No tokens.'] : tokens.map(describeToken)))
  })
}

/** `vigil admin token revoke ID` */
export function revokeTokenCommand(io: CliIo, id: string, o: Json): Promise<number> {
  return withAdminContext(io, o, async (ctx) => {
    const tokenId = parseInput(ApiTokenId, id)
    const token = ApiToken.parse(await revokeApiToken(ctx.identity, ctx.actor, tokenId))
    return print(io, o.json, token, () => [`Token '${token.name}' (${token.id}) is revoked.`])
  })
}
