import { type Disclosure, PublishDisclosureInput } from '@vigil/contracts'
import { withoutAllowlisted } from '../detect/publish-networks.js'
import { buildNetworkBundle } from '../exchange/network-bundle.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import type { DisclosureDeps } from './disclosure-ports.js'
import { frozen, load, reportInput, type UserActor } from './disclosure-record.js'
import { requireWriter, step } from './disclosure-step.js'
import { disclosureStixReport, renderDisclosureHtml, renderDisclosureMarkdown } from './render-disclosure.js'

/**
 * Publishes an approved disclosure: the networks' STIX objects (without allowlisted accounts)
 * and a STIX `report` referring to them go into the chosen collection under the chosen TLP,
 * and the HTML, Markdown and STIX are frozen with the disclosure and served at its public
 * URL. Audited.
 *
 * @throws VigilError `CONFLICT` unless approved; the exchange's errors for the collection
 */
export async function publishDisclosure(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  rawInput: unknown,
  now: Date,
): Promise<Disclosure> {
  requireWriter(actor)
  const input = parseInput(PublishDisclosureInput, rawInput, 'publication')
  const { record } = await load(deps, actor, id)
  if (record.status !== 'approved') throw new VigilError('CONFLICT', `${frozen(record.status)}; only an approved disclosure is published`)
  await deps.writableCollection(actor, input.collection)
  const { file } = await deps.sourceNetworks(actor, record.source)
  const allowlist = await deps.allowlistedAccounts(actor)
  const networks = file.networks.filter((n) => record.source.networks.includes(n.id)).map((n) => withoutAllowlisted(n, allowlist).network)
  const bundle = buildNetworkBundle({ ...file, networks }, { now, tlp: input.tlp })
  const refs = bundle.objects.filter((o) => o.type !== 'marking-definition').map((o) => o.id)
  const report = await reportInput(deps, record, now)
  const stix = disclosureStixReport(report, { tlp: input.tlp, objectRefs: refs, now })
  await deps.addObjects(actor, input.collection, [...bundle.objects, stix as never], input.tlp)
  const publication = {
    collection: input.collection,
    tlp: input.tlp,
    stixReportId: stix.id,
    html: renderDisclosureHtml(report),
    markdown: renderDisclosureMarkdown(report),
    stix,
  }
  return step(
    deps,
    actor,
    id,
    ['approved'],
    { status: 'published', publishedAt: now, publication },
    { step: 'published', details: { collection: input.collection, tlp: input.tlp, report: stix.id } },
    now,
  )
}
