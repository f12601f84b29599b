import { describe, expect, it } from 'vitest'
import { FieldMapText } from './detect-signal.js'

describe('FieldMapText', () => {
  it('reads field=column pairs, spaces and all', () => {
    expect(FieldMapText.parse(' account=user_id , time=created_at,text = body ')).toEqual({
      account: 'user_id',
      time: 'created_at',
      text: 'body',
    })
  })

  it('says what is wrong: an unknown field, a pair without a column, a field twice, no account or time', () => {
    const issue = (text: string) => FieldMapText.safeParse(text).error?.issues[0]?.message
    expect(issue('account=a,time=t,author=user_id')).toMatch(/^"author=user_id" is not field=column with a known field \(account, /)
    expect(issue('account=,time=t')).toMatch(/^"account=" is not field=column/)
    expect(issue('account=a,time=t,time=u')).toBe('time is mapped twice')
    expect(issue('account=a')).toBe('a mapping needs at least account= and time=')
    expect(issue('')).toBe('a mapping needs at least account= and time=')
  })
})
