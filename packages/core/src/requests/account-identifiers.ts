import type { Target, TargetType } from '@vigil/contracts'
import { parsePhoneNumberFromString } from 'libphonenumber-js'

// Vigil answers US process first: a number written without a country code is read as a US one.
const DEFAULT_PHONE_REGION = 'US'

function normaliseEmail(value: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(value)
  return (bracketed?.[1] ?? value)
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase()
}

function normalisePhone(value: string): string {
  const parsed = parsePhoneNumberFromString(value, DEFAULT_PHONE_REGION)
  return parsed?.isPossible() ? parsed.number : value.replace(/[^\d+]/g, '')
}

/**
 * The one form an account identifier is stored and compared in, for imported accounts and
 * request targets alike: usernames without case or leading `@`, e-mail addresses lower case
 * without `mailto:` or a display name, phone numbers in E.164 (`+12023243000`). Account ids are
 * compared exactly; other target types only lose their case.
 *
 * @example
 * normaliseIdentifier('username', '@Alice') // 'alice'
 * normaliseIdentifier('phone', '(202) 324-3000') // '+12023243000'
 */
export function normaliseIdentifier(type: TargetType, value: string): string {
  const v = value.trim()
  switch (type) {
    case 'account_id':
      return v
    case 'username':
      return v.replace(/^@+/, '').toLowerCase()
    case 'email':
      return normaliseEmail(v)
    case 'phone':
      return normalisePhone(v)
    default:
      return v.toLowerCase()
  }
}

/** The normalised form two targets are compared by. */
export function targetKey(t: Target): string {
  return `${t.type}:${normaliseIdentifier(t.type, t.value)}`
}
