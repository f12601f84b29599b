/** One checkbox per option, under a legend; checked ones are submitted as `name`. */
export function Checkboxes({
  legend,
  name,
  options,
  checked,
}: {
  readonly legend: string
  readonly name: string
  readonly options: readonly { readonly id: string; readonly label: string }[]
  readonly checked: readonly string[]
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.length === 0 && <p className="empty">None yet.</p>}
      {options.map((o) => (
        <label key={o.id} className="inline">
          <input type="checkbox" name={name} value={o.id} defaultChecked={checked.includes(o.id)} /> {o.label}
        </label>
      ))}
    </fieldset>
  )
}
