import type { ReportData } from '@vigil/contracts'
import { useMemo, useState } from 'react'
import { NetworkGraph } from '../features/detect/components/network-graph.js'
import { formatCount } from '../lib/format-date.js'
import { reportGraphData } from './report-graph-data.js'
import { EdgeTable, EvidenceTable, NetworkList } from './report-tables.js'

const fixed = (n: number) => n.toFixed(3)

/** The run's parameters and what it read. */
function RunFacts({ data }: { readonly data: ReportData }) {
  const r = data.run
  const m = data.labelMetrics
  return (
    <dl className="facts">
      <dt>Input</dt>
      <dd>
        {r.format}: {r.files.join(', ')}
      </dd>
      <dt>Read</dt>
      <dd>
        {formatCount(r.posts)} posts by {formatCount(r.accounts)} accounts; {formatCount(r.badRows)} bad rows
      </dd>
      <dt>Parameters</dt>
      <dd>
        window {r.window} s, min repeat {r.minRepeat}, weight {r.weight}, similarity {r.similarity}
      </dd>
      <dt>Edges</dt>
      <dd>
        {Object.entries(data.edges)
          .map(([s, n]) => `${s} ${formatCount(n)}`)
          .join(', ') || 'none'}
      </dd>
      {m && (
        <>
          <dt>Against the labels</dt>
          <dd>
            precision {fixed(m.precision)}, recall {fixed(m.recall)} ({m.truePositives} of {m.labelled} labelled accounts flagged)
          </dd>
        </>
      )}
    </dl>
  )
}

/**
 * The page of report.html: the run, a graph of all the report's networks (the web UI's
 * own sigma graph and layout), the list of networks, and the chosen network's scores,
 * graph, evidence and links.
 */
export function ReportApp({ data }: { readonly data: ReportData }) {
  const [selected, setSelected] = useState(data.networks[0]?.id ?? null)
  const network = data.networks.find((n) => n.id === selected) ?? null
  const all = useMemo(() => reportGraphData(data.networks, data.posts), [data])
  const one = useMemo(() => (network ? reportGraphData([network], data.posts) : null), [network, data.posts])
  return (
    <main>
      <h1>{data.title}</h1>
      <RunFacts data={data} />
      {data.networks.length === 0 ? (
        <p>No coordinated network was found.</p>
      ) : (
        <>
          <h2>Networks</h2>
          {data.networkCount > data.networks.length && (
            <p className="muted">
              The first {data.networks.length} of {data.networkCount} networks; networks.json lists them all.
            </p>
          )}
          <NetworkGraph data={all} label="run-graph" onOpenNetwork={setSelected} />
          <NetworkList networks={data.networks} selected={selected} onSelect={setSelected} />
        </>
      )}
      {network && one && (
        <section aria-labelledby="network-title">
          <h2 id="network-title">
            Network {network.id}: {network.members.length} accounts
          </h2>
          <p>
            score {fixed(network.score.score)} · time tightness {fixed(network.score.timeTightness)} · density{' '}
            {fixed(network.score.density)} · coordinated share {fixed(network.score.coordinatedShare)} · signal agreement{' '}
            {fixed(network.score.signalAgreement)}
            {network.purity !== undefined && ` · purity ${fixed(network.purity)}`}
          </p>
          <NetworkGraph key={network.id} data={one} label="network-graph" />
          <EvidenceTable network={network} />
          <EdgeTable network={network} />
        </section>
      )}
    </main>
  )
}
