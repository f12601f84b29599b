import { useAllowlistChange } from '../api/detect.js'

/** Takes an account off the organisation's allowlist, so later runs may flag it again. */
export function RemoveFromAllowlist({ account }: { readonly account: string }) {
  const change = useAllowlistChange()
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={change.isPending}
        onClick={() => change.mutate({ remove: account })}
        aria-label={`Remove ${account} from the allowlist`}
      >
        Remove
      </button>
      {change.isError && <span role="alert"> {change.error.message}</span>}
    </>
  )
}
