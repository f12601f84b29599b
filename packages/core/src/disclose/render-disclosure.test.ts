import type { DisclosureEvidence } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { disclosureEvidence } from './disclosure-evidence.js'
import { type DisclosureReportInput, disclosureStixReport, renderDisclosureHtml, renderDisclosureMarkdown } from './render-disclosure.js'

const score = { score: 0.9, timeTightness: 0.8, density: 1, coordinatedShare: 0.7, signalAgreement: 0.5 }
const network = { id: 'n1', members: ['a', 'b'], signals: ['co-link' as const], edges: [], score, evidence: [] }
const at = (s: string) => new Date(s)
const posts = [
  {
    post: '1',
    account: 'a',
    time: at('2016-10-01T10:00:00Z'),
    text: 'see https://Example.org/x?ref=1 #MAGA',
    screenName: 'a',
    followers: 100,
  },
  { post: '2', account: 'b', time: at('2016-10-03T10:00:00Z'), text: 'see https://example.org/x #maga', screenName: 'b', followers: null },
  { post: '3', account: 'a', time: at('2016-10-03T11:00:00Z'), text: 'again', screenName: 'a', followers: 120 },
  { post: '4', account: 'z', time: at('2016-10-09T11:00:00Z'), text: 'not a member', screenName: 'z', followers: 9 },
]

describe('disclosure evidence and report', () => {
  const evidence: DisclosureEvidence = disclosureEvidence([network], posts, 'twitter')

  it('counts accounts, days (gaps included), reach where known, and the most shared', () => {
    expect(evidence).toMatchObject({
      accounts: 2,
      accountsBySurface: { twitter: 2 },
      posts: 3,
      firstAt: '2016-10-01T10:00:00.000Z',
      lastAt: '2016-10-03T11:00:00.000Z',
      reach: { followers: 120, accountsCounted: 1 },
      topDomains: [{ value: 'example.org', count: 2 }],
      topHashtags: [{ value: '#maga', count: 2 }],
      topLinks: [{ value: 'https://example.org/x', count: 2 }],
      signals: ['co-link'],
    })
    expect(evidence.postsPerDay).toEqual([
      { day: '2016-10-01', posts: 1 },
      { day: '2016-10-02', posts: 0 },
      { day: '2016-10-03', posts: 2 },
    ])
    expect(
      disclosureEvidence(
        [network],
        posts.map((p) => ({ ...p, followers: null })),
        'twitter',
      ).reach.followers,
    ).toBeNull()
  })

  const input: DisclosureReportInput = {
    id: '00000000-0000-4000-8000-000000000001',
    title: 'A <network>',
    summary: 'Two accounts.',
    origin: '',
    targets: ['US'],
    surfaces: ['twitter'],
    techniques: [{ disarmId: 'T0049', stixId: 'attack-pattern--x', name: 'Flooding the Information Space' }],
    notes: 'co-link within 60 s',
    evidence,
    samples: [{ post: '1', author: 'account-0123456789ab', hashed: true, time: '2016-10-01T10:00:00.000Z', text: 'hi <b>' }],
    publishedAt: null,
  }

  it('renders self-contained, escaped HTML with an SVG timeline and a print stylesheet', () => {
    const html = renderDisclosureHtml(input)
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('A &lt;network&gt;')
    expect(html).toContain('hi &lt;b&gt;')
    expect(html).toContain('Draft: not published')
    expect(html).toContain('<svg')
    expect((html.match(/<rect /g) ?? []).length).toBe(3)
    expect(html).toContain('@media print')
    expect(html).toContain('120 followers (1 of 2 accounts counted; unknown for the others)')
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg|example\.org)/)
    expect(renderDisclosureMarkdown({ ...input, publishedAt: new Date('2026-12-05T00:00:00Z') })).toMatch(
      /^# A <network>\n\nPublished 2026-12-05/,
    )
  })

  it('makes a STIX report with a stable id, the TLP marking and the references', () => {
    const now = new Date('2026-12-05T00:00:00Z')
    const a = disclosureStixReport(input, { tlp: 'amber', objectRefs: ['grouping--1'], now })
    const b = disclosureStixReport(input, { tlp: 'amber', objectRefs: ['grouping--1'], now: new Date() })
    expect(a.id).toBe(b.id)
    expect(a).toMatchObject({ type: 'report', spec_version: '2.1', object_refs: ['grouping--1'], name: 'A <network>' })
    expect(a.object_marking_refs).toEqual(['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'])
  })
})
