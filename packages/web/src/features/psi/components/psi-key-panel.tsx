import { useState } from 'react'
import { useSession } from '../../auth/api/session.js'
import { psiTransport } from '../api/psi.js'
import { createPsiKey, forgetPsiKey, loadPsiKeyFile, usePsiKey } from '../lib/key-store.js'

/**
 * The organisation's PSI signing key for this page: loaded from its key file, or made here
 * and registered. Kept in memory only; the secret half never goes to the server.
 */
export function PsiKeyPanel() {
  const key = usePsiKey()
  const me = useSession().data
  const [problem, setProblem] = useState<string>()
  const [download, setDownload] = useState<string>()
  const [busy, setBusy] = useState(false)
  const onFile = async (file: File | undefined) => {
    setProblem(undefined)
    if (!file) return
    try {
      const loaded = loadPsiKeyFile(await file.text())
      if (me && loaded.file.orgId !== me.org.id) setProblem('This key file belongs to another organisation.')
    } catch (err) {
      setProblem((err as Error).message)
    }
  }
  const onCreate = async () => {
    if (!me) return
    setProblem(undefined)
    setBusy(true)
    try {
      const created = createPsiKey(me.org.id)
      await psiTransport.registerKey(created.file.publicKey)
      setDownload(URL.createObjectURL(new Blob([`${JSON.stringify(created.file, null, 2)}\n`], { type: 'application/json' })))
    } catch (err) {
      forgetPsiKey()
      setProblem((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="psi-key-title" className="card">
      <h2 id="psi-key-title">Organisation key</h2>
      {key ? (
        <>
          <p>
            Signing as your organisation with the key of fingerprint <code data-testid="psi-own-fingerprint">{key.file.fingerprint}</code>.
            Give this fingerprint to the other organisation out of band (by phone, in person). The key stays in this page’s memory only.
          </p>
          {download && (
            <p className="notice">
              <a href={download} download="psi-key.json">
                Download the key file
              </a>{' '}
              and keep it safe: it holds the secret half, and this page forgets it on reload. The server now holds its public half.
            </p>
          )}
          <button type="button" className="secondary" onClick={forgetPsiKey}>
            Forget key
          </button>
        </>
      ) : (
        <>
          <p>
            Each message of a session is signed with your organisation’s PSI key. Load its key file (<code>vigil psi key create</code>{' '}
            writes one): it is read here and kept in memory, never sent.
          </p>
          <label htmlFor="psi-key-file">Organisation key file</label>
          <input id="psi-key-file" type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
          <p>
            Or create a new key in this page. It <strong>replaces</strong> your organisation’s registered key: key files made before stop
            working, and other organisations must check the new fingerprint.
          </p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void onCreate()}>
            Create and register a new key
          </button>
        </>
      )}
      {problem && <p role="alert">{problem}</p>}
    </section>
  )
}
