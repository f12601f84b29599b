import type { RunNetworkMember } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useAllowlistChange } from '../api/detect.js'
import { RemoveFromAllowlist } from './remove-from-allowlist.js'

/** Asks why an account is authentic before it goes on the allowlist. */
function AllowlistForm({ account, onDone }: { readonly account: string; readonly onDone: () => void }) {
  const change = useAllowlistChange()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim()
    change.mutate({ add: { account, note } }, { onSuccess: onDone })
  }
  return (
    <form onSubmit={submit} aria-label={`Allowlist ${account}`} className="inline-form">
      <label htmlFor={`allow-note-${account}`}>Why is {account} authentic?</label>
      <input id={`allow-note-${account}`} name="note" maxLength={2000} />
      {change.isError && <p role="alert">{change.error.message}</p>}
      <button type="submit" disabled={change.isPending}>
        Add to allowlist
      </button>
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
    </form>
  )
}

// Past this many accounts the table is folded: the most coordinated first, the rest on demand.
export const FOLDED_ROWS = 10

/**
 * The network's accounts with their activity, most coordinated first and folded past ten;
 * each can be allowlisted so later runs skip it and publications leave it out.
 */
export function NetworkMembers({ members }: { readonly members: readonly RunNetworkMember[] }) {
  const [allowing, setAllowing] = useState<string>()
  const [all, setAll] = useState(false)
  const sorted = [...members].sort((a, b) => b.coordinatedPosts - a.coordinatedPosts || a.account.localeCompare(b.account))
  const shown = all ? sorted : sorted.slice(0, FOLDED_ROWS)
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Accounts ({members.length})</h2>
      <ScrollTable>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Posts</th>
            <th scope="col">Coordinated posts</th>
            <th scope="col">Allowlist</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((m) => (
            <tr key={m.account}>
              <td>{m.account}</td>
              <td>{m.posts}</td>
              <td>{m.coordinatedPosts}</td>
              <td>
                {m.allowlisted ? (
                  <>
                    allowlisted <RemoveFromAllowlist account={m.account} />
                  </>
                ) : allowing === m.account ? (
                  <AllowlistForm account={m.account} onDone={() => setAllowing(undefined)} />
                ) : (
                  <button type="button" className="secondary" onClick={() => setAllowing(m.account)} aria-label={`Allowlist ${m.account}`}>
                    Allowlist
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {members.length > FOLDED_ROWS && (
        <button type="button" className="secondary" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `Show the ${FOLDED_ROWS} most coordinated accounts only` : `Show all ${members.length} accounts`}
        </button>
      )}
    </section>
  )
}
