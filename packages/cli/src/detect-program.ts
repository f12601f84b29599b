import type { Command } from 'commander'
import { withDetectParamsOptions } from './detect-params-options.js'
import type { CliRuntime } from './io.js'
import { writeLine } from './io.js'

/** `vigil detect`: coordinated networks in dump files, on this machine, no database. */
export function addDetectCommands(root: Command, { io, setExit }: CliRuntime): void {
  withDetectParamsOptions(
    root
      .command('detect')
      .description('find coordinated inauthentic networks in social-media dumps')
      .argument('<files...>', 'input files of one format (CSV, NDJSON or Parquet; gzip is read transparently)')
      .option('--map <fields>', 'column mapping for generic input: field=column,… (account, time required)')
      .option('--signals <list>', 'signals to compute, comma-separated (default: every signal the input has fields for)'),
  )
    .option('--strict', 'stop at the first unreadable row instead of counting it')
    .option('--labels <file>', 'CSV with an account column: known positives, for precision and recall')
    .option('--label-column <name>', "report each network's purity by this column (of --accounts, or of the input)")
    .option('--accounts <file>', 'CSV of accounts (account or first column) holding --label-column')
    .option('--out <dir>', 'output directory, replaced by each run', './vigil-detect')
    .option('--force', 'replace --out even when it holds files that are not a previous detect output')
    .option('--json', 'print the summary as JSON')
    .option('--stix', 'also write bundle.json, the networks as a STIX 2.1 bundle')
    .option('--tlp <level>', 'TLP of the STIX bundle: clear, green, amber, amber+strict or red', 'amber')
    .option('--platform <name>', 'STIX account_type of the accounts (default: twitter for the known dump formats)')
    .action(async (files: string[], options) => {
      // Say at once that work started; the detection libraries take a while to load.
      if (io.stderr.isTTY) writeLine(io.stderr, `detect: reading ${files.length} file(s)…`)
      setExit(await (await import('./commands/detect.js')).detect(io, files, options))
    })
}
