import { writeFile } from 'node:fs/promises'
import type { Disclosure } from '@vigil/contracts'
import {
  type Actor,
  approveDisclosure,
  type Config,
  confirmLiveNetwork,
  createDisclosure,
  type DisclosureDeps,
  disclosureReport,
  parseFieldMap,
  publishDisclosure,
  submitDisclosure,
  VigilError,
  withdrawDisclosure,
} from '@vigil/core'
import { disclosureDeps, uploadsDirOf } from '@vigil/server'
import { connectNats, createExchangeStore, importDetectOutput, liveNetworkDeps } from '@vigil/storage'
import type { CliIo } from '../io.js'
import { writeLine } from '../io.js'
import { type AdminContext, print, withAdminContext } from './admin-context.js'
import { configFrom, type StorageOptions, storageFlags } from './config-options.js'
import { actingAs } from './exchange-cli.js'

interface Common extends StorageOptions {
  readonly as: string
  readonly json?: boolean
}

async function withDisclosures(
  io: CliIo,
  o: Common,
  fn: (deps: DisclosureDeps, actor: Actor & { kind: 'user' }, ctx: AdminContext & { config: Config }) => Promise<number>,
): Promise<number> {
  const config = configFrom(io, storageFlags(o))
  return withAdminContext(io, o, async (ctx) => {
    const actor = await actingAs(ctx, o.as)
    if (actor.kind !== 'user') throw new VigilError('AUTH_FORBIDDEN', 'disclosures belong to a user: give --as EMAIL')
    const exchange = createExchangeStore(ctx.database.db, ctx.identity.clock)
    return fn(disclosureDeps(ctx.database.db, exchange, uploadsDirOf(config.dataDir)), actor, { ...ctx, config })
  })
}

const show = (io: CliIo, o: Common, d: Disclosure, verb: string) =>
  print(io, o.json, d, () => [
    `${verb} disclosure ${d.id} (${d.status}): ${d.title}`,
    ...(d.publication && d.status === 'withdrawn'
      ? [`The STIX report ${d.publication.stixReportId} is revoked; ${d.publication.url} answers 410 Gone with the reason`]
      : d.publication
        ? [`Public at ${d.publication.url}; STIX ${d.publication.stixReportId} (TLP:${d.publication.tlp.toUpperCase()})`]
        : []),
  ])

/**
 * The run to disclose from: `--run ID`, or a `vigil detect` output folder (`--from-detect DIR
 * --input DUMP…`) imported as a completed run whose named networks the actor confirms.
 */
async function sourceRun(
  ctx: AdminContext & { config: Config },
  actor: Actor & { kind: 'user' },
  o: { readonly run?: string; readonly fromDetect?: string; readonly input?: string[]; readonly map?: string },
  networks: readonly string[],
): Promise<string> {
  if ((o.run === undefined) === (o.fromDetect === undefined))
    throw new VigilError('VALIDATION_FAILED', 'give one of --run ID (a server run), --from-detect DIR with --input DUMP, or --feed F')
  if (o.run !== undefined) {
    if (o.input || o.map !== undefined) throw new VigilError('VALIDATION_FAILED', '--input and --map go with --from-detect')
    return o.run
  }
  const { runId } = await importDetectOutput(ctx.database.db, {
    actor,
    dir: o.fromDetect ?? '',
    dumps: o.input ?? [],
    ...(o.map !== undefined ? { map: parseFieldMap(o.map) } : {}),
    networks,
    uploadsDir: uploadsDirOf(ctx.config.dataDir),
    maxBytes: ctx.config.detect.uploadLimit,
    now: ctx.identity.clock.now(),
  })
  return runId
}

/** `vigil disclose create (--run ID | --from-detect DIR --input DUMP… | --feed F) --network n1 … --title T --as EMAIL` */
export function discloseCreate(
  io: CliIo,
  o: Common & {
    readonly run?: string
    readonly feed?: string
    readonly fromDetect?: string
    readonly input?: string[]
    readonly map?: string
    readonly network: string[]
    readonly title: string
    readonly summary?: string
    readonly origin?: string
    readonly target?: string[]
    readonly surface?: string[]
    readonly notes?: string
    readonly sample?: string[]
    readonly threshold?: string
  },
): Promise<number> {
  return withDisclosures(io, o, async (deps, actor, ctx) => {
    if ([o.run, o.fromDetect, o.feed].filter((s) => s !== undefined).length !== 1)
      throw new VigilError('VALIDATION_FAILED', 'give one of --run ID (a server run), --from-detect DIR with --input DUMP, or --feed F')
    const networks = o.network.flatMap((n) => n.split(',')).filter((n) => n !== '')
    const input = {
      source:
        o.feed !== undefined
          ? { kind: 'live', feed: o.feed, networks }
          : { kind: 'run', runId: await sourceRun(ctx, actor, o, networks), networks },
      title: o.title,
      ...(o.summary !== undefined ? { summary: o.summary } : {}),
      ...(o.origin !== undefined ? { origin: o.origin } : {}),
      ...(o.target ? { targets: o.target } : {}),
      ...(o.surface ? { surfaces: o.surface } : {}),
      ...(o.notes !== undefined ? { notes: o.notes } : {}),
      ...(o.sample ? { samples: o.sample } : {}),
      ...(o.threshold !== undefined ? { threshold: Number(o.threshold) } : {}),
    }
    return show(io, o, await createDisclosure(deps, actor, input, ctx.identity.clock.now()), 'Drafted')
  })
}

/** `vigil disclose submit|approve ID --as EMAIL` */
export function discloseStep(io: CliIo, step: 'submit' | 'approve', id: string, o: Common): Promise<number> {
  return withDisclosures(io, o, async (deps, actor, ctx) => {
    const now = ctx.identity.clock.now()
    const d = step === 'submit' ? await submitDisclosure(deps, actor, id, now) : await approveDisclosure(deps, actor, id, now)
    return show(io, o, d, step === 'submit' ? 'Submitted' : 'Approved')
  })
}

/** `vigil disclose publish ID --collection C --tlp T --as EMAIL` */
export function disclosePublish(io: CliIo, id: string, o: Common & { readonly collection: string; readonly tlp: string }): Promise<number> {
  return withDisclosures(io, o, async (deps, actor, ctx) => {
    const collection = await createExchangeStore(ctx.database.db, ctx.identity.clock).getCollection(actor, o.collection)
    const d = await publishDisclosure(deps, actor, id, { collection: collection.id, tlp: o.tlp }, ctx.identity.clock.now())
    return show(io, o, d, 'Published')
  })
}

/** `vigil disclose withdraw ID --reason R --as EMAIL` */
export function discloseWithdraw(io: CliIo, id: string, o: Common & { readonly reason: string }): Promise<number> {
  return withDisclosures(io, o, async (deps, actor, ctx) =>
    show(io, o, await withdrawDisclosure(deps, actor, id, { reason: o.reason }, ctx.identity.clock.now()), 'Withdrew'),
  )
}

/** `vigil disclose report ID [--format html|markdown|stix] [--out FILE] --as EMAIL` */
export function discloseReport(io: CliIo, id: string, o: Common & { readonly format?: string; readonly out?: string }): Promise<number> {
  return withDisclosures(io, o, async (deps, actor, ctx) => {
    const report = await disclosureReport(deps, actor, id, ctx.identity.clock.now())
    const format = o.format ?? 'html'
    if (format !== 'html' && format !== 'markdown' && format !== 'stix')
      throw new VigilError('VALIDATION_FAILED', `--format: html, markdown or stix, not ${format}`)
    const text = format === 'stix' ? `${JSON.stringify(report.stix, null, 2)}\n` : format === 'html' ? report.html : report.markdown
    if (o.out) {
      await writeFile(o.out, text)
      writeLine(io.stderr, `Wrote ${o.out}`)
    } else io.stdout.write(text)
    return 0
  })
}

/** `vigil disclose confirm-live --feed F --alert ID [--note N] --as EMAIL`: a live network's snapshot, to disclose. */
export function discloseConfirmLive(
  io: CliIo,
  o: Common & { readonly feed: string; readonly alert: string; readonly note?: string },
): Promise<number> {
  return withDisclosures(io, o, async (_deps, actor, ctx) => {
    let nc: Awaited<ReturnType<typeof connectNats>> | undefined
    const deps = liveNetworkDeps(ctx.database.db, async () => {
      nc ??= await connectNats(ctx.config.natsUrl)
      return nc
    })
    try {
      const input = { alert: Number(o.alert), ...(o.note !== undefined ? { note: o.note } : {}) }
      const confirmed = await confirmLiveNetwork(deps, actor, o.feed, input, ctx.identity.clock.now())
      return print(io, o.json, confirmed, () => [
        `Confirmed live network ${confirmed.id} of feed ${confirmed.feed}: ${confirmed.network.members.length} accounts, ${confirmed.posts} posts`,
        `Disclose it with: vigil disclose create --feed ${confirmed.feed} --network ${confirmed.id} --title …`,
      ])
    } finally {
      await nc?.close()
    }
  })
}
