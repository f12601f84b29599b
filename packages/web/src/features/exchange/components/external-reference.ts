// DISARM's own pages for a technique (`T0049.003`) or tactic (`TA05`), where a reference names one without a URL.
const DISARM_PAGES = 'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages'
const TECHNIQUE = /^T\d{4}(\.\d{3})?$/
const TACTIC = /^TA\d{2}$/

/** An external reference as STIX 2.1 (section 2.5) carries it. */
export interface ExternalReference {
  readonly source_name?: string
  readonly external_id?: string
  readonly url?: string
  readonly description?: string
}

/** Where an external reference leads: its own URL, else DISARM's page of a T- or TA-number. */
export function referenceUrl(ref: ExternalReference): string | undefined {
  if (ref.url && /^https?:\/\//.test(ref.url)) return ref.url
  const id = ref.external_id ?? ''
  if (TECHNIQUE.test(id)) return `${DISARM_PAGES}/techniques/${id}.md`
  if (TACTIC.test(id)) return `${DISARM_PAGES}/tactics/${id}.md`
  return undefined
}
