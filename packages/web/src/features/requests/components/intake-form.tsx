import { DataCategory, EmergencyThreat, LegalProcess, MAX_LEGAL_DOCUMENT_BYTES, OrgId, TargetType } from '@vigil/contracts'
import { type FormEvent, useState } from 'react'
import { useNavigate } from 'react-router'
import { usePlatforms, useSubmitRequest } from '../api/requests.js'

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Parses "type:value" lines into targets; each line names one account. */
function parseTargets(text: string): { type: (typeof TargetType.options)[number]; value: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(':')
      const type = TargetType.parse(line.slice(0, at).trim())
      return { type, value: line.slice(at + 1).trim() }
    })
}

/** The requester's intake form: legal process, targets, categories, dates, NDO and the signed PDF. */
export function IntakeForm() {
  const platforms = usePlatforms()
  const submit = useSubmitRequest()
  const navigate = useNavigate()
  const [problem, setProblem] = useState<string>()
  const [process, setProcess] = useState<LegalProcess>('subpoena')
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setProblem(undefined)
    const form = new FormData(event.currentTarget)
    const get = (k: string) => String(form.get(k) ?? '').trim()
    const file = form.get('document')
    if (!(file instanceof File) || file.size === 0) return setProblem('Attach the signed legal document (PDF).')
    if (file.size > MAX_LEGAL_DOCUMENT_BYTES) return setProblem('The legal document is larger than 7 MiB.')
    let targets: ReturnType<typeof parseTargets>
    try {
      targets = parseTargets(get('targets'))
    } catch {
      return setProblem(`Write each target as type:value, with type one of ${TargetType.options.join(', ')}.`)
    }
    const ndo = get('ndo')
    submit.mutate(
      {
        platformOrgId: OrgId.parse(get('platform')),
        request: {
          process,
          agency: { name: get('agency') || undefined, country: get('country') },
          official: {
            name: get('officialName') || undefined,
            email: get('officialEmail') || undefined,
            phone: get('officialPhone') || undefined,
          },
          caseNumber: get('caseNumber') || undefined,
          targets,
          categories: form.getAll('categories').map((c) => DataCategory.parse(c)),
          ...(get('from') && get('to') ? { dateRange: { from: get('from'), to: get('to') } } : {}),
          ...(ndo ? { nonDisclosureOrder: { expiresOn: ndo } } : {}),
          ...(process === 'emergency'
            ? {
                emergency: {
                  threat: EmergencyThreat.parse(get('threat')),
                  withoutDelay: form.get('withoutDelay') === 'on',
                  personAtRisk: get('personAtRisk') || undefined,
                  nature: get('nature') || undefined,
                  howDisclosurePreventsHarm: get('howPrevents') || undefined,
                  specificItems: get('specificItems')
                    .split('\n')
                    .map((l) => l.trim())
                    .filter(Boolean),
                },
              }
            : {}),
        },
        document: {
          filename: file.name,
          signed: form.get('signed') === 'on',
          pdfBase64: toBase64(new Uint8Array(await file.arrayBuffer())),
        },
      },
      { onSuccess: (view) => navigate(`/requests/${view.id}`) },
    )
  }
  return (
    <section aria-labelledby="intake-title">
      <h2 id="intake-title">New request</h2>
      <form onSubmit={(e) => void onSubmit(e)} aria-label="New data request">
        <label htmlFor="r-platform">Platform</label>
        <select id="r-platform" name="platform" required>
          {platforms.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor="r-process">Legal process</label>
        <select id="r-process" name="process" value={process} onChange={(e) => setProcess(LegalProcess.parse(e.target.value))}>
          {LegalProcess.options.map((p) => (
            <option key={p} value={p}>
              {p.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <label htmlFor="r-agency">Agency</label>
        <input id="r-agency" name="agency" maxLength={300} />
        <label htmlFor="r-country">Country (two letters)</label>
        <input id="r-country" name="country" required pattern="[A-Za-z]{2}" defaultValue="US" />
        <label htmlFor="r-official">Official's name</label>
        <input id="r-official" name="officialName" maxLength={300} />
        <label htmlFor="r-official-email">Official's e-mail</label>
        <input id="r-official-email" name="officialEmail" type="email" />
        <label htmlFor="r-official-phone">Official's phone</label>
        <input id="r-official-phone" name="officialPhone" type="tel" />
        <label htmlFor="r-case">Case number</label>
        <input id="r-case" name="caseNumber" maxLength={200} />
        <label htmlFor="r-targets">Accounts (one per line, as type:value, e.g. username:someone)</label>
        <textarea id="r-targets" name="targets" rows={3} />
        <fieldset>
          <legend>Data categories</legend>
          {DataCategory.options.map((c) => (
            <label key={c} className="inline">
              <input type="checkbox" name="categories" value={c} /> {c.replaceAll('_', ' ')}
            </label>
          ))}
        </fieldset>
        {process === 'emergency' && (
          <fieldset>
            <legend>Emergency (§3.2: a danger of death or serious physical injury requiring disclosure without delay)</legend>
            <label htmlFor="r-threat">Danger</label>
            <select id="r-threat" name="threat">
              {EmergencyThreat.options.map((t) => (
                <option key={t} value={t}>
                  {t.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
            <label className="inline">
              <input type="checkbox" name="withoutDelay" /> I attest that disclosure is needed without delay
            </label>
            <label htmlFor="r-person">Person at risk</label>
            <input id="r-person" name="personAtRisk" maxLength={2000} />
            <label htmlFor="r-nature">Nature of the emergency</label>
            <textarea id="r-nature" name="nature" rows={2} maxLength={4000} />
            <label htmlFor="r-prevents">How disclosure would prevent the harm</label>
            <textarea id="r-prevents" name="howPrevents" rows={2} maxLength={4000} />
            <label htmlFor="r-items">Specific items of content needed (one per line; none means no content)</label>
            <textarea id="r-items" name="specificItems" rows={2} />
          </fieldset>
        )}
        <label htmlFor="r-from">From</label>
        <input id="r-from" name="from" type="date" />
        <label htmlFor="r-to">To</label>
        <input id="r-to" name="to" type="date" />
        <label htmlFor="r-ndo">Non-disclosure order expires on (if any)</label>
        <input id="r-ndo" name="ndo" type="date" />
        <label htmlFor="r-document">Signed legal document (PDF, at most 7 MiB)</label>
        <input id="r-document" name="document" type="file" accept="application/pdf,.pdf" required />
        <label className="inline">
          <input type="checkbox" name="signed" defaultChecked /> The document is signed
        </label>
        {problem && <p role="alert">{problem}</p>}
        {submit.isError && <p role="alert">{submit.error.message}</p>}
        <button type="submit" disabled={submit.isPending}>
          Submit request
        </button>
      </form>
    </section>
  )
}
