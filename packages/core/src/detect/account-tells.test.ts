import { describe, expect, it } from 'vitest'
import { type AccountPopulation, accountEvidenceStrength, accountTells } from './account-tells.js'

const population: AccountPopulation = {
  withCreated: 1000,
  createdOn: new Map([['2013-07-25', 25]]),
  withBothDays: 1000,
  dormant: 10,
  withScreenName: 1000,
  templated: 100,
  withProfileText: 0,
  profileTexts: new Map(),
  withProfileUrl: 0,
  profileUrls: new Map(),
  withClient: 1000,
  clients: new Map([
    ['RareDeck', 12],
    ['Twitter Web App', 900],
  ]),
}

describe('accountTells', () => {
  it('reports a tell with its numbers and the count expected at the dump’s rates', () => {
    // 12 members, 9 created on 2013-07-25: 12 × 25/1000 = 0.3 expected.
    const members = Array.from({ length: 12 }, (_, i) => ({
      account: `m${i}`,
      ...(i < 9 ? { created: '2013-07-25' } : { created: `2019-01-${10 + i}` }),
      clients: i < 3 ? ['RareDeck', 'Twitter Web App'] : ['Twitter Web App'],
    }))
    const tells = accountTells(members, population)
    expect(tells.map((t) => t.summary)).toEqual([
      "9 of 12 members created on 2013-07-25; about 0.3 expected from the dump's creation dates",
      // RareDeck: 12 of 1000 accounts (1.2 % ≤ 5 %), 3 members: 12 × 0.012 = 0.144 expected.
      `3 of 12 members post with "RareDeck", which 12 of the dump's 1000 accounts use; about 0.1 expected`,
    ])
    expect(tells[1]).toMatchObject({ tell: 'rare-client', members: 3, of: 12, expected: 0.144 })
    expect(accountEvidenceStrength(tells)).toBe(0.75)
  })

  it('keeps nothing near chance, or shown by one member only', () => {
    // 2 of 4 templated names against a dump where 1 in 10 is: 0.4 expected, 2 ≥ 0.8, kept; 1 of 4 is not.
    const names = ['ab12345678', 'cd12345678', 'plain', 'other']
    const tells = accountTells(
      names.map((screenName, i) => ({ account: `a${i}`, screenName, clients: [] })),
      population,
    )
    expect(tells.map((t) => [t.tell, t.members, t.expected])).toEqual([['screen-name-template', 2, 0.4]])
    expect(
      accountTells(
        [
          { account: 'x', screenName: 'ab12345678', clients: [] },
          { account: 'y', screenName: 'z', clients: [] },
        ],
        population,
      ),
    ).toEqual([])
    expect(accountEvidenceStrength([])).toBe(0)
  })

  it('reports few followers and following far more, against the dump’s shares', () => {
    // 1000 accounts with counts: 100 have fewer than 10 followers, 50 follow far more.
    const counted = { ...population, withFollowers: 1000, fewFollowers: 100, withFollowCounts: 1000, followingFarMore: 50 }
    // 5 members: 4 with 0–3 followers (4 ≥ 2 × 0.5 expected); 3 follow 400 with ≤ 3 followers,
    // 1 follows 60 with 20 followers (not ≥ 5 ×): 3 of 5, 5 × 0.05 = 0.25 expected.
    const members = [
      { account: 'a', followers: 0, following: 400, clients: [] },
      { account: 'b', followers: 2, following: 400, clients: [] },
      { account: 'c', followers: 3, following: 400, clients: [] },
      { account: 'd', followers: 1, following: 5, clients: [] },
      { account: 'e', followers: 20, following: 60, clients: [] },
    ]
    const tells = accountTells(members, counted)
    expect(tells.map((t) => [t.tell, t.members, t.of, t.expected])).toEqual([
      ['few-followers', 4, 5, 0.5],
      ['follows-far-more', 3, 5, 0.25],
    ])
    expect(tells[0]?.summary).toBe("4 of 5 members have fewer than 10 followers; about 0.5 expected from the dump's accounts")
    expect(tells[1]?.summary).toBe(
      "3 of 5 members follow at least 50 accounts and five times as many as follow them; about 0.3 expected from the dump's accounts",
    )
    // Where nearly every account of the dump has few followers (the X archive's takedown), 4 of 5 is chance.
    expect(accountTells(members, { ...counted, fewFollowers: 900 }).some((t) => t.tell === 'few-followers')).toBe(false)
    // Members without counts show neither tell.
    expect(
      accountTells(
        members.map((m) => ({ account: m.account, clients: [] })),
        counted,
      ),
    ).toEqual([])
  })

  it('reports members near-identical in profile to another member, against the dump’s share with any such match', () => {
    // 200 accounts with a profile, 20 with a near-identical one somewhere: 4 × 0.1 = 0.4
    // expected; a, b and c are linked among themselves, d only to an outsider.
    const profiled = { ...population, withProfile: 200, profileLinked: 20 }
    const members = [
      { account: 'a', profileLinks: ['b'], clients: [] },
      { account: 'b', profileLinks: ['a', 'c'], clients: [] },
      { account: 'c', profileLinks: ['b'], clients: [] },
      { account: 'd', profileLinks: ['zz'], clients: [] },
    ]
    expect(accountTells(members, profiled).map((t) => [t.tell, t.members, t.of, t.expected])).toEqual([
      ['near-identical-profile', 3, 4, 0.4],
    ])
    // Without co-profile run (no withProfile), no such tell.
    expect(accountTells(members, population)).toEqual([])
  })
})
