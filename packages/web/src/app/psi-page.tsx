import { useParams } from 'react-router'
import { ProposeForm } from '../features/psi/components/propose-form.js'
import { PsiKeyPanel } from '../features/psi/components/psi-key-panel.js'
import { PsiSessionList } from '../features/psi/components/session-list.js'
import { PsiSessionView } from '../features/psi/components/session-view.js'

/** Private matching: the organisation's PSI sessions, its key for this page, and a new proposal. */
export function PsiPage() {
  return (
    <>
      <h1>Private matching</h1>
      <p className="lead">
        Find the selectors you share with another organisation without either side revealing the others. Selectors are blinded in this
        browser and never leave it in the clear.
      </p>
      <PsiSessionList />
      <ProposeForm />
      <PsiKeyPanel />
    </>
  )
}

export function PsiSessionPage() {
  const { id = '' } = useParams()
  return <PsiSessionView id={id} />
}
