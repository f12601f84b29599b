import { readFileSync } from 'node:fs'

/** An object of the corpus as MISP wrote it. */
export type CorpusObject = Record<string, unknown> & { readonly id: string; readonly type: string }

/**
 * The objects of `standards/producers/misp-stix-2.1.json` (304, every one valid for the OASIS
 * schemas) that Vigil refuses, and why: custom property names that break STIX 2.1 §11.1
 * (capital letters, a hyphen). Each maps to the JSON path of one offending property and what
 * the refusal must say about it.
 */
export const MISP_REFUSED: Readonly<Record<string, { readonly path: string; readonly says: RegExp }>> = {
  'file--b3c8f9e1-4d2a-4b6c-8e7f-1a2b3c4d5e6f': { path: '$.x_misp_KnownMalicious', says: /capital letters/ },
  'location--84668357-5a8c-4bdd-9f0f-6b50b2535745': { path: '$.x_misp_Capital', says: /capital letters/ },
  'threat-actor--11e17436-6ede-4733-8547-4ce0254ea19e': { path: '$.x_misp_cfr-type-of-incident', says: /a hyphen/ },
}

/** The corpus bundle, and the objects of it Vigil stores (all but `MISP_REFUSED`), sorted by id. */
export function loadMispCorpus(path: string): { readonly bundle: { objects: CorpusObject[] }; readonly stored: CorpusObject[] } {
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as { objects: CorpusObject[] }
  const stored = bundle.objects.filter((o) => !(o.id in MISP_REFUSED))
  return { bundle, stored: sortById(stored) }
}

/** Objects sorted by id, to compare exports regardless of order. */
export function sortById<T extends { readonly id: string }>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => a.id.localeCompare(b.id))
}
