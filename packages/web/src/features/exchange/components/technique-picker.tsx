import { CollectionId, DisarmId, StixId, TECHNIQUE_TAGGABLE_TYPES } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { useAttackPatterns, useTagTechniques, useTechniques } from '../api/exchange.js'
import { objectName } from './object-name.js'

/** The STIX types a DISARM technique may tag (the server refuses others). */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set(TECHNIQUE_TAGGABLE_TYPES)

const disarmIdOf = (o: Readonly<Record<string, unknown>>): string | undefined =>
  (Array.isArray(o.external_references) ? (o.external_references as { external_id?: unknown }[]) : [])
    .map((r) => r.external_id)
    .find((x): x is string => DisarmId.safeParse(x).success)

/**
 * The DISARM techniques a campaign, network or report is tagged with, and a picker to add
 * more from the imported framework (tags go into `collectionId`, absent when the caller
 * writes to no collection).
 */
export function TechniquePicker({ id, collectionId }: { readonly id: string; readonly collectionId?: string }) {
  const tags = useTechniques(id)
  const [q, setQ] = useState('')
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const patterns = useAttackPatterns(q.trim(), collectionId !== undefined)
  const tag = useTagTechniques(id)
  const toggle = (patternId: string) =>
    setChosen((prev) => {
      const next = new Set(prev)
      if (!next.delete(patternId)) next.add(patternId)
      return next
    })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!collectionId || chosen.size === 0) return
    tag.mutate(
      { object: StixId.parse(id), collection: CollectionId.parse(collectionId), techniques: [...chosen].map((t) => StixId.parse(t)) },
      { onSuccess: () => setChosen(new Set()) },
    )
  }
  return (
    <section aria-labelledby="techniques-title">
      <h2 id="techniques-title">DISARM techniques</h2>
      {tags.isPending && <p role="status">Loading…</p>}
      {tags.isError && <p role="alert">Could not load: {tags.error.message}</p>}
      {tags.data?.techniques.length === 0 && <p className="empty">Not tagged with any technique yet.</p>}
      {tags.data && tags.data.techniques.length > 0 && (
        <ul aria-label="Tagged techniques">
          {tags.data.techniques.map((t) => (
            <li key={t.relationshipId}>
              <strong>{t.disarmId ?? t.techniqueId}</strong> {t.name ?? ''}
              {t.proposed && <span className="badge"> proposed by detection</span>}
            </li>
          ))}
        </ul>
      )}
      {collectionId && (
        <form onSubmit={submit} aria-label="Tag with DISARM techniques">
          <label htmlFor="technique-search">Find a technique</label>
          <input
            id="technique-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="name, description or id (T0049)"
          />
          {patterns.isError && <p role="alert">Could not load: {patterns.error.message}</p>}
          {patterns.data?.objects.length === 0 && (
            <p className="empty">No technique matches; an administrator imports DISARM's STIX bundle to make them available.</p>
          )}
          {patterns.data && patterns.data.objects.length > 0 && (
            <fieldset className="technique-list">
              <legend>Techniques ({chosen.size} chosen)</legend>
              {patterns.data.objects.map((p) => {
                const patternId = String(p.object.id)
                return (
                  <label key={patternId} className="inline">
                    <input type="checkbox" checked={chosen.has(patternId)} onChange={() => toggle(patternId)} />{' '}
                    {disarmIdOf(p.object) ?? ''} {objectName(p.object)}
                  </label>
                )
              })}
            </fieldset>
          )}
          {tag.isError && <p role="alert">{tag.error.message}</p>}
          {tag.isSuccess && <p role="status">Tagged with {tag.data.successCount} technique(s).</p>}
          <button type="submit" disabled={chosen.size === 0 || tag.isPending}>
            Tag with the chosen techniques
          </button>
        </form>
      )}
    </section>
  )
}
