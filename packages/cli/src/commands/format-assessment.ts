import type { Assessment } from '@vigil/contracts'

/** An assessment as lines for a person to read. */
export function formatAssessment(a: Assessment): string[] {
  const lines = [
    `Outcome: ${a.outcome}${a.rejectCode ? ` (${a.rejectCode})` : ''}${a.preserveUntil ? `, preserve until ${a.preserveUntil}` : ''}`,
  ]
  if (a.outcome === 'no_records') lines.push('Nothing to disclose: no account matches the identifiers given.')
  if (a.allowedCategories.length > 0) lines.push(`Allowed: ${a.allowedCategories.join(', ')}`)
  for (const d of a.droppedCategories) lines.push(`Dropped: ${d.category}: ${d.code}: ${d.message} [${d.rule}]`)
  for (const [category, fields] of Object.entries(a.fieldLimits)) lines.push(`Limited: ${category} to ${fields.join(', ')}`)
  if (a.dateRange) lines.push(`Date range: ${a.dateRange.from} to ${a.dateRange.to}`)
  if (a.missingFields.length > 0) lines.push(`Missing: ${a.missingFields.join(', ')}`)
  if (a.duplicateOf) lines.push(`Duplicate of: ${a.duplicateOf}`)
  lines.push('Reasons:')
  for (const r of a.reasons) lines.push(`  - ${r.code}: ${r.message} [${r.rule}]`)
  for (const c of a.pendingConditions) lines.push(`Pending: ${c.code}: ${c.message}${c.phone ? ` (${c.phone})` : ''} [${c.rule}]`)
  lines.push(`Accounts: ${a.accounts.specified} specified, ${a.accounts.resolved} found`)
  lines.push(
    `User notice: ${a.notification.timing}${a.notification.notBefore ? ` from ${a.notification.notBefore}` : ''} [${a.notification.rule}]`,
  )
  if (a.securityEvent) lines.push('Security event: raise it; do not reply to the sending address.')
  const w = a.agencyWarning
  if (w) lines.push(`Warn the agency: ${w.agency} (${w.country}) at ${w.email ? `${w.email}, ` : ''}${w.phone}: ${w.message} [${w.rule}]`)
  return lines
}
