import { OrgId, type OrgKind, Role, UserId } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.js'
import { systemActor } from './actor.js'
import { can, canManageOrg } from './can.js'
import { PERMISSIONS, type Permission } from './permissions.js'

// The policy, written out by hand: one row per role, one column per permission. A change
// to ROLE_PERMISSIONS that is not also made here fails the test.
const EXPECTED: Record<Role, Record<Permission, boolean>> = {
  admin: {
    'exchange:read': true,
    'exchange:write': true,
    'detect:run': true,
    'detect:read': true,
    'detect:triage': true,
    'detect:publish': true,
    'disclose:read': true,
    'disclose:write': true,
    'disclose:review': true,
    'live:read': true,
    'live:manage': true,
    'live:ingest': true,
    'requests:submit': true,
    'requests:review': true,
    'psi:run': true,
    'audit:read': true,
    'org:manage': true,
    'instance:admin': true,
  },
  'org-admin': {
    'exchange:read': true,
    'exchange:write': true,
    'detect:run': true,
    'detect:read': true,
    'detect:triage': true,
    'detect:publish': true,
    'disclose:read': true,
    'disclose:write': true,
    'disclose:review': false,
    'live:read': true,
    'live:manage': true,
    'live:ingest': true,
    'requests:submit': false,
    'requests:review': false,
    'psi:run': false,
    'audit:read': false,
    'org:manage': true,
    'instance:admin': false,
  },
  analyst: {
    'exchange:read': true,
    'exchange:write': true,
    'detect:run': true,
    'detect:read': true,
    'detect:triage': true,
    'detect:publish': true,
    'disclose:read': true,
    'disclose:write': true,
    'disclose:review': false,
    'live:read': true,
    'live:manage': true,
    'live:ingest': true,
    'requests:submit': false,
    'requests:review': false,
    'psi:run': true,
    'audit:read': false,
    'org:manage': false,
    'instance:admin': false,
  },
  reviewer: {
    'exchange:read': true,
    'exchange:write': false,
    'detect:run': false,
    'detect:read': false,
    'detect:triage': false,
    'detect:publish': false,
    'disclose:read': true,
    'disclose:write': false,
    'disclose:review': true,
    'live:read': false,
    'live:manage': false,
    'live:ingest': false,
    'requests:submit': false,
    'requests:review': true,
    'psi:run': false,
    'audit:read': false,
    'org:manage': false,
    'instance:admin': false,
  },
  requester: {
    'exchange:read': false,
    'exchange:write': false,
    'detect:run': false,
    'detect:read': false,
    'detect:triage': false,
    'detect:publish': false,
    'disclose:read': false,
    'disclose:write': false,
    'disclose:review': false,
    'live:read': false,
    'live:manage': false,
    'live:ingest': false,
    'requests:submit': true,
    'requests:review': false,
    'psi:run': false,
    'audit:read': false,
    'org:manage': false,
    'instance:admin': false,
  },
  auditor: {
    'exchange:read': false,
    'exchange:write': false,
    'detect:run': false,
    'detect:read': false,
    'detect:triage': false,
    'detect:publish': false,
    'disclose:read': false,
    'disclose:write': false,
    'disclose:review': false,
    'live:read': false,
    'live:manage': false,
    'live:ingest': false,
    'requests:submit': false,
    'requests:review': false,
    'psi:run': false,
    'audit:read': true,
    'org:manage': false,
    'instance:admin': false,
  },
}

const ORG_A = '00000000-0000-4000-8000-00000000000a'
const ORG_B = '00000000-0000-4000-8000-00000000000b'

function user(roles: Role[], orgKind: OrgKind = 'government', orgId = ORG_A): Actor {
  return {
    kind: 'user',
    userId: UserId.parse('00000000-0000-4000-8000-000000000001'),
    email: 'u@example.org',
    orgId: OrgId.parse(orgId),
    orgKind,
    roles,
    via: 'token',
  }
}

describe('can', () => {
  const cases = Role.options.flatMap((role) => PERMISSIONS.map((permission) => [role, permission, EXPECTED[role][permission]] as const))

  it('covers every role and every permission', () => {
    expect(cases).toHaveLength(Role.options.length * PERMISSIONS.length)
  })

  it.each(cases)('%s → %s is %s (in a government organisation)', (role, permission, expected) => {
    expect(can(user([role]), permission)).toBe(expected)
  })

  it('grants the union of several roles and nothing beyond it', () => {
    const both = user(['reviewer', 'auditor'])
    for (const p of PERMISSIONS) expect(can(both, p)).toBe(EXPECTED.reviewer[p] || EXPECTED.auditor[p])
  })

  it('grants nothing to a user without roles', () => {
    for (const p of PERMISSIONS) expect(can(user([]), p)).toBe(false)
  })

  it('lets only government organisations submit data requests, whatever the role', () => {
    for (const kind of ['platform', 'civil-society', 'other'] as const) {
      expect(can(user(['requester'], kind), 'requests:submit')).toBe(false)
      expect(can(user(['admin'], kind), 'requests:submit')).toBe(false)
    }
    expect(can(user(['requester'], 'government'), 'requests:submit')).toBe(true)
  })

  it('lets system actors do anything', () => {
    for (const p of PERMISSIONS) expect(can(systemActor('job'), p)).toBe(true)
  })
})

describe('canManageOrg', () => {
  it('lets an org-admin manage only its own organisation', () => {
    expect(canManageOrg(user(['org-admin']), ORG_A)).toBe(true)
    expect(canManageOrg(user(['org-admin']), ORG_B)).toBe(false)
  })

  it('lets the instance admin manage any organisation, and no one else', () => {
    expect(canManageOrg(user(['admin']), ORG_B)).toBe(true)
    for (const role of ['analyst', 'reviewer', 'requester', 'auditor'] as const) expect(canManageOrg(user([role]), ORG_A)).toBe(false)
  })
})
