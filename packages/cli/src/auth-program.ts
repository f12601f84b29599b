import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/**
 * `vigil admin org|user|token …`: the auth context's administration straight on the configured
 * database, no server needed. Each command's module is imported only when it runs.
 */
export function addAuthCommands(admin: Command, { io, setExit }: CliRuntime): void {
  const db = (command: Command) => withStorageOptions(command.option('--json', 'print the record(s) as JSON'))
  const orgs = () => import('./commands/admin-org.js')
  const users = () => import('./commands/admin-user.js')
  const tokens = () => import('./commands/admin-token.js')

  const org = admin.command('org').description('organisations')
  db(org.command('create').description('create an organisation'))
    .requiredOption('--name <name>', 'its name')
    .requiredOption('--kind <kind>', 'platform, government, civil-society or other')
    .option('--domain <domain>', 'a verified e-mail domain (repeatable)', collect)
    .action(async (o) => setExit(await (await orgs()).createOrgCommand(io, o)))
  db(org.command('list').description('list organisations')).action(async (o) => setExit(await (await orgs()).listOrgsCommand(io, o)))
  for (const [verb, status] of [
    ['suspend', 'suspended'],
    ['activate', 'active'],
  ] as const) {
    db(org.command(`${verb} <org>`).description(`${verb} an organisation (by id or name)`)).action(async (name: string, o) =>
      setExit(await (await orgs()).setOrgStatusCommand(io, name, status, o)),
    )
  }

  db(org.command('domains <org> [domains...]').description("replace an organisation's verified e-mail domains (none clears them)")).action(
    async (name: string, domains: string[], o) => setExit(await (await orgs()).setOrgDomainsCommand(io, name, domains, o)),
  )

  const user = admin.command('user').description('users')
  db(user.command('create').description('create a user'))
    .requiredOption('--org <org>', 'its organisation (id or name)')
    .requiredOption('--email <email>', 'its e-mail address')
    .requiredOption('--role <role>', 'admin, org-admin, analyst, reviewer, requester or auditor (repeatable)', collect)
    .option('--password-stdin', 'read a password from standard input')
    .action(async (o) => setExit(await (await users()).createUserCommand(io, o)))
  db(user.command('list').description('list users'))
    .option('--org <org>', 'only this organisation (id or name)')
    .action(async (o) => setExit(await (await users()).listUsersCommand(io, o)))
  for (const [verb, status] of [
    ['suspend', 'suspended'],
    ['activate', 'active'],
  ] as const) {
    db(user.command(`${verb} <email>`).description(`${verb} a user`)).action(async (email: string, o) =>
      setExit(await (await users()).setUserStatusCommand(io, email, status, o)),
    )
  }

  for (const [verb, purpose] of [
    ['invite', 'invitation'],
    ['reset-password', 'password-reset'],
  ] as const) {
    db(user.command(`${verb} <email>`).description(`print a one-time ${purpose} link for a user`)).action(async (email: string, o) =>
      setExit(await (await users()).issueLinkCommand(io, email, purpose, o)),
    )
  }

  const token = admin.command('token').description('API tokens')
  db(token.command('create').description('create an API token for a user; it is printed once'))
    .requiredOption('--user <email>', 'the user it acts as')
    .option('--name <name>', 'what it is for', 'default')
    .option('--expires-in <days>', 'lifetime such as 90d or 12w (default: never)')
    .action(async (o) => setExit(await (await tokens()).createTokenCommand(io, o)))
  db(token.command('list').description("list a user's tokens"))
    .requiredOption('--user <email>', 'the user')
    .action(async (o) => setExit(await (await tokens()).listTokensCommand(io, o)))
  db(token.command('revoke <id>').description('revoke a token')).action(async (id: string, o) =>
    setExit(await (await tokens()).revokeTokenCommand(io, id, o)),
  )
}
