import type { Command } from 'commander'
import type { CliRuntime } from './io.js'
import { withStorageOptions } from './storage-options.js'

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

const exchange = () => import('./commands/exchange-cli.js')
const db = (command: Command) => withStorageOptions(command)

/** `vigil import` and `vigil export`: the threat exchange's bundles. Each command's module is imported only when it runs. */
export function addExchangeCommands(root: Command, { io, setExit }: CliRuntime): void {
  db(
    root
      .command('import <file>')
      .description('import a STIX 2.1 bundle into a collection; invalid objects are reported, valid ones stored'),
  )
    .requiredOption('--collection <collection>', 'the collection (title or id)')
    .option('--as <email>', 'act as this user (default: the instance itself)')
    .option('--tlp <tlp>', 'TLP for objects that carry none: clear, green, amber, amber+strict or red (default: the collection’s)')
    .option('--recipient-org <orgs>', 'AMBER/AMBER+STRICT: recipient organisations, comma-separated (names or ids)')
    .option('--recipient-user <emails>', 'RED: recipient users, comma-separated e-mail addresses')
    .option('--format <format>', 'stix (a STIX 2.1 bundle) or misp (a MISP event, JSON export)', 'stix')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o) => setExit(await (await exchange()).importCommand(io, file, o)))

  db(root.command('export').description('print a STIX 2.1 bundle of what the user may see in a collection'))
    .requiredOption('--collection <collection>', 'the collection (title or id)')
    .option('--type <types>', 'only these STIX types, comma-separated')
    .option('--as <email>', 'read as this user (default: the instance itself, which sees CLEAR and GREEN only)')
    .action(async (o) => setExit(await (await exchange()).exportCommand(io, o)))
}

/** `vigil admin collection|group`: the threat exchange's collections and sharing groups. */
export function addExchangeAdminCommands(admin: Command, { io, setExit }: CliRuntime): void {
  const collection = admin.command('collection').description('threat-exchange collections')
  db(collection.command('create').description('create a collection'))
    .requiredOption('--title <title>', 'its title')
    .option('--description <text>', 'what it holds')
    .option('--read <who>', 'readers: all, or organisations and group:NAME, comma-separated')
    .option('--write <who>', 'writers: organisations and group:NAME, comma-separated')
    .option('--default-tlp <tlp>', 'TLP for objects that carry none', 'amber')
    .option('--json', 'print the record as JSON')
    .action(async (o) => setExit(await (await exchange()).createCollectionCommand(io, o)))
  db(collection.command('list').description('list collections'))
    .option('--json', 'print the records as JSON')
    .action(async (o) => setExit(await (await exchange()).listCollectionsCommand(io, o)))

  const group = admin.command('group').description('sharing groups')
  db(group.command('create').description('create a sharing group'))
    .requiredOption('--name <name>', 'its name')
    .requiredOption('--owner <org>', 'the owning organisation (name or id)')
    .option('--member <orgs>', 'member organisations, comma-separated (repeatable)', collect)
    .option('--json', 'print the record as JSON')
    .action(async (o) => setExit(await (await exchange()).createGroupCommand(io, o)))
}
