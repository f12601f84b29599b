import type { ObjectEntry } from '@vigil/contracts'
import { Fragment, type ReactNode } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { formatDateTime } from '../../../lib/format-date.js'
import { useObjectsById } from '../api/exchange.js'
import { type ExternalReference, referenceUrl } from './external-reference.js'
import { objectName } from './object-name.js'
import { ObjectRef } from './object-ref.js'

const URL_IN_TEXT = /(https?:\/\/[^\s<>"')]+)/g

/** A description as paragraphs, line breaks kept and web addresses linked; never as HTML. */
export function Description({ text }: { readonly text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((paragraph, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text have no other identity
          <p key={i}>
            {paragraph.split('\n').map((line, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of one paragraph have no other identity
              <Fragment key={j}>
                {j > 0 && <br />}
                {linkify(line)}
              </Fragment>
            ))}
          </p>
        ))}
    </>
  )
}

function linkify(line: string): ReactNode[] {
  return line.split(URL_IN_TEXT).map((part, i) =>
    i % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one line have no other identity
      <a key={i} href={part} rel="noopener noreferrer">
        {part}
      </a>
    ) : (
      part
    ),
  )
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

/**
 * What an analyst reads first about an object, as OpenCTI lays it out: its description
 * rendered, who wrote it (by name), when, its labels and aliases, and its external
 * references linked (DISARM T-numbers to their pages).
 */
export function ObjectOverview({ entry, author }: { readonly entry: ObjectEntry; readonly author: string | undefined }) {
  const o = entry.object
  const refs = (Array.isArray(o.external_references) ? o.external_references : []).filter(
    (r): r is ExternalReference => typeof r === 'object' && r !== null,
  )
  const labels = asStrings(o.labels)
  const aliases = asStrings(o.aliases)
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">Overview</h2>
      {typeof o.description === 'string' && o.description.trim() !== '' ? (
        <div className="description">
          <Description text={o.description} />
        </div>
      ) : (
        <p className="empty">No description.</p>
      )}
      <dl className="facts">
        <dt>Type</dt>
        <dd>{String(o.type)}</dd>
        <dt>Author</dt>
        <dd>{author ?? 'not stated'}</dd>
        {typeof o.created === 'string' && (
          <>
            <dt>Created</dt>
            <dd>{formatDateTime(o.created)}</dd>
          </>
        )}
        {typeof o.modified === 'string' && (
          <>
            <dt>Modified</dt>
            <dd>{formatDateTime(o.modified)}</dd>
          </>
        )}
        {labels.length > 0 && (
          <>
            <dt>Labels</dt>
            <dd>{labels.join(', ')}</dd>
          </>
        )}
        {aliases.length > 0 && (
          <>
            <dt>Aliases</dt>
            <dd>{aliases.join(', ')}</dd>
          </>
        )}
        {typeof o.confidence === 'number' && (
          <>
            <dt>Confidence</dt>
            <dd>{o.confidence}</dd>
          </>
        )}
      </dl>
      <h3>External references</h3>
      {refs.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <ul aria-label="External references">
          {refs.map((r, i) => {
            const url = referenceUrl(r)
            const label = [r.source_name, r.external_id].filter(Boolean).join(' ') || r.url || 'reference'
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: references may repeat a source; their order is theirs
              <li key={i}>
                {url ? (
                  <a href={url} rel="noopener noreferrer">
                    {label}
                  </a>
                ) : (
                  label
                )}
                {r.description && ` — ${r.description}`}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

/** A report's, grouping's or observed data's objects and observables, those the caller may see. */
export function ObjectContents({ refs }: { readonly refs: readonly string[] }) {
  const objects = useObjectsById([...refs].sort())
  return (
    <section aria-labelledby="contents-title">
      <h2 id="contents-title">Contents ({refs.length})</h2>
      <QueryState query={objects}>
        {(page) => {
          const seen = page.objects.filter((e, i, all) => all.findIndex((x) => x.object.id === e.object.id) === i)
          const hidden = refs.length - seen.length
          return (
            <>
              <ScrollTable>
                <caption className="visually-hidden">Objects this one contains</caption>
                <thead>
                  <tr>
                    <th scope="col">Object</th>
                    <th scope="col">Type</th>
                  </tr>
                </thead>
                <tbody>
                  {[...seen]
                    .sort(
                      (a, b) =>
                        String(a.object.type).localeCompare(String(b.object.type)) ||
                        objectName(a.object).localeCompare(objectName(b.object)),
                    )
                    .map((e) => (
                      <tr key={String(e.object.id)}>
                        <td>
                          <ObjectRef id={String(e.object.id)} entry={e} />
                        </td>
                        <td>{String(e.object.type)}</td>
                      </tr>
                    ))}
                </tbody>
              </ScrollTable>
              {hidden > 0 && (
                <p className="muted">
                  {hidden} more {hidden === 1 ? 'object is' : 'objects are'} not shared with your organisation, or not stored here.
                </p>
              )}
            </>
          )
        }}
      </QueryState>
    </section>
  )
}
