import { useState } from 'react'
import './recovery-codes.css'

/**
 * The recovery codes, each whole in its own cell of a monospace grid (never broken at its
 * hyphen), with buttons to copy them all and to download them as a text file.
 */
export function RecoveryCodes({ codes, account }: { readonly codes: readonly string[]; readonly account: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  const text = `Vigil recovery codes for ${account}\nEach code signs you in once if you lose your authenticator.\n\n${codes.join('\n')}\n`
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'))
      setCopied('yes')
    } catch {
      // The clipboard needs a secure context and the user's leave; the download always works.
      setCopied('no')
    }
  }
  return (
    <>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="recovery-actions">
        <button type="button" className="secondary" onClick={() => void copy()}>
          Copy the codes
        </button>
        <a className="button secondary" href={href} download="vigil-recovery-codes.txt">
          Download as .txt
        </a>
      </div>
      <p role="status">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'no' && 'This browser did not allow copying: download the file or select the codes instead.'}
      </p>
    </>
  )
}
