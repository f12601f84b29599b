import type { ReactNode } from 'react'
import type { IntakeField, IntakeProblems } from '../lib/intake-checks.js'

/** The id of a field of the intake form, and of its message. */
export const fieldId = (name: IntakeField) => `intake-${name}`

/**
 * The attributes that tie a field to its message: `aria-invalid` while it fails a check, and
 * `aria-describedby` naming the message and the help text, if any.
 */
export function fieldProps(problems: IntakeProblems, name: IntakeField, help?: string) {
  const described = [problems[name] ? `${fieldId(name)}-error` : undefined, help].filter(Boolean).join(' ')
  return {
    id: fieldId(name),
    name,
    ...(problems[name] ? { 'aria-invalid': true as const } : {}),
    ...(described ? { 'aria-describedby': described } : {}),
  }
}

/** The message beside a field that fails a check. */
export function FieldProblem({ problems, name }: { readonly problems: IntakeProblems; readonly name: IntakeField }) {
  const problem = problems[name]
  return problem ? (
    <p id={`${fieldId(name)}-error`} className="field-error">
      {problem}
    </p>
  ) : null
}

/** A labelled input with its message. */
export function Field(props: {
  readonly name: IntakeField
  readonly label: string
  readonly problems: IntakeProblems
  readonly children: (attributes: ReturnType<typeof fieldProps>) => ReactNode
  readonly help?: { readonly id: string; readonly text: ReactNode }
}) {
  return (
    <>
      <label htmlFor={fieldId(props.name)}>{props.label}</label>
      {props.children(fieldProps(props.problems, props.name, props.help?.id))}
      {props.help && (
        <p id={props.help.id} className="field-help">
          {props.help.text}
        </p>
      )}
      <FieldProblem problems={props.problems} name={props.name} />
    </>
  )
}
