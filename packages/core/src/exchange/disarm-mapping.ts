import type { DetectSignal } from '@vigil/contracts'

/** A DISARM Red Framework technique, as its STIX bundle names it. */
export interface DisarmTechnique {
  /** The DISARM id (`external_references[].external_id` in the bundle), e.g. `T0049.003`. */
  readonly disarmId: string
  /** The technique's `attack-pattern` id in the DISARM STIX bundle. */
  readonly stixId: string
  readonly name: string
}

const T = (disarmId: string, stixId: string, name: string): DisarmTechnique => ({ disarmId, stixId, name })

// Each signal maps to the technique whose DISARM summary (standards/disarm/techniques.csv)
// describes the behaviour the signal measures: accounts doing the same thing within seconds.
const MAPPING: Readonly<Partial<Record<DetectSignal, DisarmTechnique>>> = {
  // "proliferation of operation content using automated means … automated forwarding and reposting"
  'co-reshare': T(
    'T0049.003',
    'attack-pattern--e6ab2793-a059-4354-bb60-045afb019833',
    'Bots Amplify via Automated Forwarding and Reposting',
  ),
  // "posting the same message to multiple … accounts … at one time"
  'co-link': T('T0119', 'attack-pattern--872f0dc3-202e-4e9a-a4fc-0457252aecae', 'Cross-Posting'),
  // "threat actors can flood an existing hashtag"
  'co-hashtag': T('T0049.002', 'attack-pattern--bfce790b-dfd6-46ca-8fab-c2d72f21bba2', 'Flood Existing Hashtag'),
  // "the coordinated use of accounts … centres exclusively around a specific event or actor"
  'co-mention': T('T0049.005', 'attack-pattern--ce5b400c-6f82-4095-936b-617857800da8', 'Conduct Swarming'),
  // "delivering content by replying or commenting via owned media"
  'co-reply': T('T0116', 'attack-pattern--318f2a34-07b6-4c4b-9bb0-58f5bca681fc', 'Comment or Reply on Content'),
  // "an operation recycles content from its own previous operations"
  'co-image': T('T0084', 'attack-pattern--9636ae57-0b93-41a0-8323-85109ee34877', 'Reuse Existing Content'),
  // "a piece of text that has been copied and pasted multiple times … its final form may differ"
  'co-text': T('T0084.001', 'attack-pattern--4cd719a9-e817-4acc-9581-6b6a60e42f35', 'Use Copypasta'),
  'co-similar-text': T('T0084.001', 'attack-pattern--4cd719a9-e817-4acc-9581-6b6a60e42f35', 'Use Copypasta'),
  // co-domain has none: DISARM's site techniques (T0049.007) describe the sites, not accounts linking to them.
}

/**
 * The DISARM technique a detection signal suggests, for an analyst to confirm; undefined
 * where no technique describes the signal's behaviour (co-domain).
 *
 * @example
 * proposedTechnique('co-reshare')?.disarmId // 'T0049.003'
 */
export function proposedTechnique(signal: DetectSignal): DisarmTechnique | undefined {
  return MAPPING[signal]
}

/**
 * The distinct techniques proposed for a set of signals, in the order of the signals.
 *
 * @example
 * proposedTechniques(['co-text', 'co-similar-text']).length // 1
 */
export function proposedTechniques(signals: readonly DetectSignal[]): DisarmTechnique[] {
  const seen = new Map<string, DisarmTechnique>()
  for (const s of signals) {
    const t = proposedTechnique(s)
    if (t && !seen.has(t.disarmId)) seen.set(t.disarmId, t)
  }
  return [...seen.values()]
}
