import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from './csv.js'

describe('the one CSV writer', () => {
  it('neutralises cells a spreadsheet would run as formulas (OWASP CSV injection)', () => {
    const csv = toCsv([['=HYPERLINK("http://x","y")', '+1+cmd|calc', '@SUM(1+1)', '-2+3', '\tx', '\rx']])
    expect(csv).toBe(`"'=HYPERLINK(""http://x"",""y"")","'+1+cmd|calc","'@SUM(1+1)","'-2+3","'\tx","'\rx"\n`)
    // Read back, each cell is the text with its leading quote: nothing is evaluated or lost.
    expect(parseCsv(csv)[0]).toEqual(['\'=HYPERLINK("http://x","y")', "'+1+cmd|calc", "'@SUM(1+1)", "'-2+3", "'\tx", "'\rx"])
  })

  it('writes ordinary ids and numbers byte for byte, quoting only what must be quoted', () => {
    expect(
      toCsv([
        ['account_a', 'account_b', 'weight'],
        ['1234567890', 'user_x', 3],
        ['a b', 'x,y', 0.25],
        ['he said "hi"', 'a\nb', null],
      ]),
    ).toBe('account_a,account_b,weight\n1234567890,user_x,3\na b,"x,y",0.25\n"he said ""hi""","a\nb",\n')
    expect(toCsv([])).toBe('')
  })

  it('parses quotes, doubled quotes, line breaks in quotes and any line end, skipping blank rows', () => {
    expect(parseCsv('a,b\n"x, y","he said ""hi""\nbye"\r\n\n,\r')).toEqual([
      ['a', 'b'],
      ['x, y', 'he said "hi"\nbye'],
    ])
  })

  it('refuses text that is not CSV rather than guessing', () => {
    expect(() => parseCsv('a,"b\n')).toThrow()
  })
})
