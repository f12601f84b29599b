/** What to call a STIX object in a list: its name, else its value, else its id. */
export function objectName(object: Readonly<Record<string, unknown>>): string {
  for (const key of ['name', 'value', 'user_id', 'account_login', 'pattern']) {
    const v = object[key]
    if (typeof v === 'string' && v) return v
  }
  return String(object.id ?? '(no id)')
}
