import type { ObjectEntry } from '@vigil/contracts'
import { Link } from 'react-router'
import { TlpLabel } from '../../../components/tlp-label.js'
import { objectName } from './object-name.js'

/** A link to an object by its name after its TLP label; by its id alone until (or unless) the caller may see it. */
export function ObjectRef({ id, entry }: { readonly id: string; readonly entry: ObjectEntry | undefined }) {
  return (
    <>
      {entry && (
        <>
          <TlpLabel tlp={entry.tlp} />{' '}
        </>
      )}
      <Link to={`/exchange/objects/${encodeURIComponent(id)}`}>{entry ? objectName(entry.object) : id}</Link>
    </>
  )
}
