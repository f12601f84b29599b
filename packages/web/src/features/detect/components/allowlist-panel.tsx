import { type FormEvent, useRef } from 'react'
import { QueryState } from '../../../components/query-state.js'
import { ScrollTable } from '../../../components/scroll-table.js'
import { useAllowlist, useAllowlistChange } from '../api/detect.js'
import { formatInstant } from './format.js'
import { RemoveFromAllowlist } from './remove-from-allowlist.js'

/** The organisation's allowlist: accounts known to be authentic, which later runs never flag. */
export function AllowlistPanel() {
  const allowlist = useAllowlist()
  const change = useAllowlistChange()
  const form = useRef<HTMLFormElement>(null)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    change.mutate(
      { add: { account: String(data.get('account') ?? ''), note: String(data.get('note') ?? '').trim() } },
      { onSuccess: () => form.current?.reset() },
    )
  }
  return (
    <section aria-labelledby="allowlist-title">
      <h2 id="allowlist-title">Allowlist</h2>
      <QueryState query={allowlist} isEmpty={(d) => d.entries.length === 0} empty="No account is allowlisted.">
        {(data) => (
          <ScrollTable>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Why</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.account}>
                  <td>{e.account}</td>
                  <td>{e.note || <span className="muted">no note</span>}</td>
                  <td>
                    {e.by}, {formatInstant(e.at)}
                  </td>
                  <td>
                    <RemoveFromAllowlist account={e.account} />
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
      <form ref={form} onSubmit={submit} aria-label="Allowlist an account">
        <label htmlFor="allow-account">Account id</label>
        <input id="allow-account" name="account" required maxLength={200} />
        <label htmlFor="allow-note">Why it is authentic</label>
        <input id="allow-note" name="note" maxLength={2000} />
        {change.isError && <p role="alert">{change.error.message}</p>}
        <button type="submit" disabled={change.isPending}>
          Add to allowlist
        </button>
      </form>
    </section>
  )
}
