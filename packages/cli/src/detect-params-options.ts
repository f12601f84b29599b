import type { Command } from 'commander'

/**
 * The detection parameters of `vigil detect` (read through `DetectParams`), with their
 * defaults: `live feed create` takes the same, since a feed is a named live detection.
 */
export function withDetectParamsOptions(command: Command): Command {
  return command
    .option('--window <seconds>', 'co-posts within this many seconds are linked (inclusive)', '60')
    .option('--min-repeat <n>', 'drop edges lighter than this', '2')
    .option('--weight <kind>', 'edge weight: objects, posts (QUT toolkit) or pairs (CooRTweet)', 'objects')
    .option('--repeat <count>', 'networks count repeats per-signal, or fused: co-posts across all signals', 'fused')
    .option('--similarity <jaccard>', 'co-similar-text threshold on word-set Jaccard', '0.8')
}
