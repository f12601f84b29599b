/**
 * Three valid-looking campaigns, as JSON texts, that PostgreSQL cannot store or that no
 * object should be: a NUL character, a lone surrogate, a custom property nested 5,000 levels
 * deep. Texts, because JSON.stringify itself overflows the stack on the deep one, as a
 * hostile client's raw bytes would not. Each import path must refuse them one by one and
 * store the rest. `seed` varies their ids.
 */
export function poisonedObjectTexts(seed = 0): { readonly ids: readonly string[]; readonly texts: readonly string[] } {
  const ids = [1, 2, 3].map((n) => `campaign--0badc0de-0000-4000-8000-${String(seed * 10 + n).padStart(12, '0')}`)
  const campaign = (id: string, extra: string) =>
    `{"type":"campaign","spec_version":"2.1","id":"${id}","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","name":"Poisoned",${extra}}`
  const deep = `${'{"x_level":'.repeat(5000)}"bottom"${'}'.repeat(5000)}`
  return {
    ids,
    texts: [
      campaign(ids[0] as string, '"description":"nul\\u0000here"'),
      campaign(ids[1] as string, '"description":"lone \\ud800 surrogate"'),
      campaign(ids[2] as string, `"x_deep":${deep}`),
    ],
  }
}

/** A STIX bundle's JSON text around object texts (and values, stringified). */
export function bundleText(objects: readonly (string | object)[]): string {
  const items = objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o)))
  return `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[${items.join(',')}]}`
}
