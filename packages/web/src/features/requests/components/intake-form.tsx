import {
  DataCategory,
  EmergencyThreat,
  type IntakeDefaults,
  LEGAL_PROCESS_LABELS,
  LegalProcess,
  MAX_LEGAL_DOCUMENT_BYTES,
  type RequestView,
  SubpoenaKind,
} from '@vigil/contracts'
import { REQUIRED_FIELDS } from '@vigil/core/requests/requirements'
import { type FormEvent, useRef, useState } from 'react'
import { useIntakeDefaults, usePlatforms } from '../api/requests.js'
import {
  checkIntake,
  INTAKE_FIELDS,
  type IntakeField,
  type IntakeProblems,
  type IntakeValues,
  toRequestBody,
} from '../lib/intake-checks.js'
import { Field, FieldProblem, fieldId, fieldProps } from './intake-fields.js'
import { type IntakeDraft, IntakeSummary } from './intake-summary.js'

const MIB = MAX_LEGAL_DOCUMENT_BYTES / 1024 / 1024
const today = () => new Date().toISOString().slice(0, 10)
const REQUIRED_NAMES: Record<string, string> = {
  'agency.name': 'agency',
  'official.name': "official's name",
  'official.email': "official's e-mail",
  'official.phone': "official's phone",
  caseNumber: 'case number',
  legalDocument: 'signed legal document',
  targets: 'accounts',
  categories: 'data categories',
  dateRange: 'period',
  subpoenaKind: 'who issued the subpoena',
  extendsRequestId: 'the preservation it extends',
  cloudAct: 'the CLOUD Act conditions',
  'emergency.threat': 'the danger',
  'emergency.withoutDelay': 'the attestation',
}

function readValues(form: HTMLFormElement, process: LegalProcess): IntakeValues {
  const data = new FormData(form)
  const text: Record<string, string> = {}
  for (const [k, v] of data.entries()) if (typeof v === 'string') text[k] = v.trim()
  const file = data.get('document')
  return {
    process,
    text,
    categories: data.getAll('categories').map(String),
    withoutDelay: data.get('withoutDelay') === 'on',
    signed: data.get('signed') === 'on',
    cloudAct: {
      seriousCrime: data.get('seriousCrime') === 'on',
      targetIsUsPersonOrInUs: data.get('targetIsUsPersonOrInUs') === 'on',
      independentAuthorisation: data.get('independentAuthorisation') === 'on',
    },
    ...(file instanceof File && file.size + file.name.length > 0
      ? { document: { name: file.name, size: file.size, type: file.type } }
      : {}),
  }
}

/**
 * The requester's intake form: the kind of legal process by its legal name, the agency and
 * address filled from the requester's verified organisation, the checks of each field beside
 * it, then a summary to confirm before anything is sent. With `correcting`, the same form
 * corrects a request awaiting review (its document may stay as it is).
 */
export function RequestForm(props: {
  readonly defaults?: IntakeDefaults
  readonly correcting?: RequestView
  readonly onDone?: () => void
}) {
  const platforms = usePlatforms()
  const before = props.correcting?.request
  const [process, setProcess] = useState<LegalProcess>(before?.process ?? 'subpoena')
  const [problems, setProblems] = useState<IntakeProblems>({})
  const [draft, setDraft] = useState<IntakeDraft>()
  const fileInput = useRef<HTMLInputElement>(null)
  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const values = readValues(event.currentTarget, process)
    const found = checkIntake(values, today(), { documentOnFile: props.correcting !== undefined })
    setProblems(found)
    const first = INTAKE_FIELDS.find((f) => found[f] !== undefined)
    if (first) return document.getElementById(first === 'categories' ? `${fieldId(first)}-0` : fieldId(first))?.focus()
    const platform = props.correcting?.platformOrgId ?? values.text.platform ?? ''
    setDraft({
      platformOrgId: platform,
      platformName: platforms.data?.find((p) => p.id === platform)?.name ?? '',
      request: toRequestBody(values),
      signed: values.signed,
      file: fileInput.current?.files?.[0],
    })
  }
  const required = REQUIRED_FIELDS[process].map((f) => REQUIRED_NAMES[f]).filter(Boolean)
  const label = props.correcting ? 'Correct the data request' : 'New data request'
  const text = (name: IntakeField, fallback = '') => (before ? (FROM_REQUEST[name]?.(before) ?? '') : fallback)
  return (
    <section aria-labelledby="intake-title">
      <h2 id="intake-title">{props.correcting ? 'Correct the request' : 'New request'}</h2>
      <form onSubmit={review} aria-label={label} hidden={draft !== undefined} noValidate>
        {!props.correcting && (
          <Field name="platform" label="Platform" problems={problems}>
            {(a) => (
              <select {...a}>
                {platforms.data?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <label htmlFor="intake-process">Legal process</label>
        <select
          id="intake-process"
          name="process"
          value={process}
          aria-describedby="intake-process-help"
          onChange={(e) => setProcess(LegalProcess.parse(e.target.value))}
        >
          {LegalProcess.options.map((p) => (
            <option key={p} value={p}>
              {LEGAL_PROCESS_LABELS[p].label}
            </option>
          ))}
        </select>
        <p id="intake-process-help" className="field-help">
          {LEGAL_PROCESS_LABELS[process].help} It must give: {required.join(', ')}.
        </p>
        {process === 'subpoena' && (
          <Field name="subpoenaKind" label="Who issued the subpoena" problems={problems}>
            {(a) => (
              <select {...a} defaultValue={before?.subpoenaKind ?? ''}>
                <option value="">Choose…</option>
                {SubpoenaKind.options.map((k) => (
                  <option key={k} value={k}>
                    {k === 'criminal'
                      ? 'A grand jury or criminal court'
                      : k === 'administrative'
                        ? 'An agency, under a statute'
                        : 'A civil court'}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {process === 'preservation_extension' && (
          <Field name="extendsRequestId" label="The preservation request it extends (its id)" problems={problems}>
            {(a) => <input {...a} maxLength={100} defaultValue={before?.extendsRequestId ?? ''} />}
          </Field>
        )}
        <Field
          name="agency"
          label="Agency"
          problems={problems}
          help={
            props.defaults?.agency
              ? { id: 'intake-agency-help', text: 'From the verified directory entry of your organisation.' }
              : undefined
          }
        >
          {(a) => <input {...a} maxLength={300} defaultValue={text('agency', props.defaults?.agency?.name)} />}
        </Field>
        <Field name="country" label="Country (two letters)" problems={problems}>
          {(a) => <input {...a} maxLength={2} defaultValue={text('country', props.defaults?.agency?.country ?? 'US')} />}
        </Field>
        <Field name="officialName" label="Official's name" problems={problems}>
          {(a) => <input {...a} maxLength={300} defaultValue={text('officialName')} />}
        </Field>
        <Field name="officialEmail" label="Official's e-mail" problems={problems}>
          {(a) => <input {...a} type="email" defaultValue={text('officialEmail', props.defaults?.officialEmail)} />}
        </Field>
        <Field name="officialPhone" label="Official's phone" problems={problems}>
          {(a) => <input {...a} type="tel" defaultValue={text('officialPhone')} />}
        </Field>
        <Field name="caseNumber" label="Case number" problems={problems}>
          {(a) => <input {...a} maxLength={200} defaultValue={text('caseNumber')} />}
        </Field>
        <Field name="targets" label="Accounts (one per line, as type:value, e.g. username:someone)" problems={problems}>
          {(a) => <textarea {...a} rows={3} defaultValue={text('targets')} />}
        </Field>
        <fieldset {...(problems.categories ? { 'aria-describedby': `${fieldId('categories')}-error` } : {})}>
          <legend>Data categories</legend>
          {DataCategory.options.map((c, i) => (
            <label key={c} className="inline">
              <input
                type="checkbox"
                id={`${fieldId('categories')}-${i}`}
                name="categories"
                value={c}
                defaultChecked={before?.categories.includes(c)}
                {...(problems.categories ? { 'aria-invalid': true } : {})}
              />{' '}
              {c.replaceAll('_', ' ')}
            </label>
          ))}
          <FieldProblem problems={problems} name="categories" />
        </fieldset>
        {process === 'emergency' && <EmergencyFields problems={problems} before={before} />}
        {process === 'cloud_act_order' && (
          <fieldset>
            <legend>CLOUD Act agreement conditions (18 U.S.C. § 2523)</legend>
            {(
              [
                ['seriousCrime', 'The order concerns a serious crime'],
                ['targetIsUsPersonOrInUs', 'The target is a US person or in the United States'],
                ['independentAuthorisation', 'A court or independent authority authorised the order'],
              ] as const
            ).map(([name, text]) => (
              <label key={name} className="inline">
                <input type="checkbox" name={name} defaultChecked={before?.cloudAct?.[name]} /> {text}
              </label>
            ))}
          </fieldset>
        )}
        <Field name="from" label="From" problems={problems}>
          {(a) => <input {...a} type="date" max={today()} defaultValue={before?.dateRange?.from} />}
        </Field>
        <Field name="to" label="To" problems={problems}>
          {(a) => <input {...a} type="date" defaultValue={before?.dateRange?.to} />}
        </Field>
        <Field name="ndo" label="Non-disclosure order expires on (if any)" problems={problems}>
          {(a) => <input {...a} type="date" min={today()} defaultValue={before?.nonDisclosureOrder?.expiresOn ?? undefined} />}
        </Field>
        <Field
          name="document"
          label={
            props.correcting
              ? `A corrected legal document (PDF, at most ${MIB} MiB; leave empty to keep the one sent)`
              : `Signed legal document (PDF, at most ${MIB} MiB)`
          }
          problems={problems}
        >
          {(a) => <input {...a} ref={fileInput} type="file" accept="application/pdf,.pdf" />}
        </Field>
        <label className="inline">
          <input type="checkbox" name="signed" defaultChecked={before?.legalDocument?.signed ?? true} /> The document is signed
        </label>
        {Object.keys(problems).length > 0 && (
          <p role="alert">Some fields need attention: {Object.keys(problems).length} to fix, each explained beside it.</p>
        )}
        <div className="actions">
          <button type="submit">Review request</button>
          {props.onDone && (
            <button type="button" onClick={props.onDone}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {draft && <IntakeSummary draft={draft} correcting={props.correcting} onEdit={() => setDraft(undefined)} onDone={props.onDone} />}
    </section>
  )
}

/** A new request's form, once the requester's organisation has filled what it can. */
export function IntakeForm() {
  const defaults = useIntakeDefaults()
  if (defaults.isPending) return <p role="status">Loading the intake form…</p>
  return <RequestForm {...(defaults.data ? { defaults: defaults.data } : {})} />
}

type Request = RequestView['request']

// A correction starts from the request as it was sent.
const FROM_REQUEST: Partial<Record<IntakeField, (r: Request) => string | undefined>> = {
  agency: (r) => r.agency.name,
  country: (r) => r.agency.country,
  officialName: (r) => r.official.name,
  officialEmail: (r) => r.official.email,
  officialPhone: (r) => r.official.phone,
  caseNumber: (r) => r.caseNumber,
  targets: (r) => r.targets.map((t) => `${t.type}:${t.value}`).join('\n'),
}

function EmergencyFields({ problems, before }: { readonly problems: IntakeProblems; readonly before: Request | undefined }) {
  const e = before?.emergency
  return (
    <fieldset>
      <legend>Emergency (§3.2: a danger of death or serious physical injury requiring disclosure without delay)</legend>
      <Field name="threat" label="Danger" problems={problems}>
        {(a) => (
          <select {...a} defaultValue={e?.threat}>
            {EmergencyThreat.options.map((t) => (
              <option key={t} value={t}>
                {t.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="inline">
        <input type="checkbox" {...fieldProps(problems, 'withoutDelay')} defaultChecked={e?.withoutDelay} /> I attest that disclosure is
        needed without delay
      </label>
      <FieldProblem problems={problems} name="withoutDelay" />
      <Field name="personAtRisk" label="Person at risk" problems={problems}>
        {(a) => <input {...a} maxLength={2000} defaultValue={e?.personAtRisk} />}
      </Field>
      <Field name="nature" label="Nature of the emergency" problems={problems}>
        {(a) => <textarea {...a} rows={2} maxLength={4000} defaultValue={e?.nature} />}
      </Field>
      <Field name="howPrevents" label="How disclosure would prevent the harm" problems={problems}>
        {(a) => <textarea {...a} rows={2} maxLength={4000} defaultValue={e?.howDisclosurePreventsHarm} />}
      </Field>
      <label htmlFor="intake-items">Specific items of content needed (one per line; none means no content)</label>
      <textarea id="intake-items" name="specificItems" rows={2} defaultValue={e?.specificItems.join('\n')} />
    </fieldset>
  )
}
