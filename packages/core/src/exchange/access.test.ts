import type { Tlp } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { systemActor } from '../auth/actor.js'
import { canReadObject, collectionGrants, type ObjectAccess, type Reader, readerOf, tlpAllows } from './access.js'

const A = '00000000-0000-4000-8000-00000000000a'
const B = '00000000-0000-4000-8000-00000000000b'
const C = '00000000-0000-4000-8000-00000000000c'
const U1 = '00000000-0000-4000-8000-000000000001'
const U2 = '00000000-0000-4000-8000-000000000002'
const member = (orgId: string, userId: string): Reader => ({ kind: 'member', orgId, userId })
const access = (tlp: Tlp, extra: Partial<ObjectAccess> = {}): ObjectAccess => ({
  tlp,
  creatorOrgId: A,
  recipientOrgIds: [],
  recipientUserIds: [],
  collection: { everyone: false, orgIds: [A, B] },
  ...extra,
})

describe('tlpAllows', () => {
  it('CLEAR sets no limit, even for anonymous readers', () => {
    expect(tlpAllows({ kind: 'anonymous' }, access('clear'))).toBe(true)
  })
  it('GREEN allows members of the instance, never anonymous readers', () => {
    expect(tlpAllows(member(C, U1), access('green'))).toBe(true)
    expect(tlpAllows({ kind: 'instance' }, access('green'))).toBe(true)
    expect(tlpAllows({ kind: 'anonymous' }, access('green'))).toBe(false)
  })
  it('AMBER allows the organisations the object was shared with, never everyone', () => {
    expect(tlpAllows(member(B, U1), access('amber'))).toBe(true)
    expect(tlpAllows(member(C, U1), access('amber'))).toBe(false)
    expect(tlpAllows(member(C, U1), access('amber', { collection: { everyone: true, orgIds: [] } }))).toBe(false)
    expect(tlpAllows(member(C, U1), access('amber', { recipientOrgIds: [C] }))).toBe(true)
    expect(tlpAllows({ kind: 'instance' }, access('amber'))).toBe(false)
  })
  it('AMBER+STRICT allows the creator and named recipient organisations only', () => {
    expect(tlpAllows(member(A, U1), access('amber+strict'))).toBe(true)
    expect(tlpAllows(member(B, U1), access('amber+strict'))).toBe(false)
    expect(tlpAllows(member(B, U1), access('amber+strict', { recipientOrgIds: [B] }))).toBe(true)
  })
  it('RED allows the named users only, not their colleagues', () => {
    expect(tlpAllows(member(A, U1), access('red', { recipientUserIds: [U1] }))).toBe(true)
    expect(tlpAllows(member(A, U2), access('red', { recipientUserIds: [U1] }))).toBe(false)
    expect(tlpAllows({ kind: 'instance' }, access('red', { recipientUserIds: [U1] }))).toBe(false)
  })
})

describe('canReadObject', () => {
  it('never lets a marking grant what the collection does not', () => {
    const hidden = access('clear', { collection: { everyone: false, orgIds: [B] } })
    expect(canReadObject(member(C, U1), hidden)).toBe(false)
    expect(canReadObject(member(C, U1), access('red', { recipientUserIds: [U1], collection: { everyone: false, orgIds: [B] } }))).toBe(
      false,
    )
    expect(canReadObject(member(B, U1), hidden)).toBe(true)
  })
  it('lets anonymous readers into everyone-collections only', () => {
    expect(collectionGrants({ kind: 'anonymous' }, { everyone: true, orgIds: [] })).toBe(true)
    expect(collectionGrants({ kind: 'anonymous' }, { everyone: false, orgIds: [A] })).toBe(false)
  })
  it('reads system actors as the instance', () => {
    expect(readerOf(systemActor('cli'))).toEqual({ kind: 'instance' })
    expect(readerOf(null)).toEqual({ kind: 'anonymous' })
  })
})
