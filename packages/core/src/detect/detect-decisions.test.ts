import type { NetworksFile } from '@vigil/contracts'
import { describe, expect, it } from 'vitest'
import { allowAccount, disallowAccount, triageNetwork } from './detect-decisions.js'
import { analyst, fakeDetectDeps } from './test-support/fake-detect-deps.js'

const file = { version: 1, networks: [{ id: 'n1' }] } as unknown as NetworksFile

describe('triage and the allowlist', () => {
  it('records a verdict with its audit event, and only on a network of the organisation', async () => {
    const { deps, state } = fakeDetectDeps(file)
    const decision = await triageNetwork(deps, analyst, 'run', 'n1', { status: 'confirmed', note: 'same images' })
    expect(decision).toEqual({ status: 'confirmed', note: 'same images', by: analyst.email, at: '2026-12-05T12:00:00.000Z' })
    expect(state.audit).toEqual([
      expect.objectContaining({
        action: 'detect.network.triage',
        target: { type: 'detect-network', id: 'run/n1' },
        details: { status: 'confirmed', note: 'same images' },
      }),
    ])
    await expect(triageNetwork(deps, analyst, 'run', 'n2', { status: 'confirmed', note: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const stranger = { ...analyst, orgId: '00000000-0000-4000-8000-0000000000ff' as typeof analyst.orgId }
    await expect(triageNetwork(deps, stranger, 'run', 'n1', { status: 'confirmed', note: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(
      triageNetwork(deps, { ...analyst, roles: ['auditor'] }, 'run', 'n1', { status: 'confirmed', note: '' }),
    ).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' })
    expect(state.audit).toHaveLength(1)
  })

  it('allowlists and removes an account, audited; removing one not listed is NOT_FOUND and unaudited', async () => {
    const { deps, state } = fakeDetectDeps(file)
    expect(await allowAccount(deps, analyst, 'paper', 'a newspaper')).toMatchObject({ account: 'paper', note: 'a newspaper' })
    await disallowAccount(deps, analyst, 'paper')
    await expect(disallowAccount(deps, analyst, 'paper')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(state.audit.map((a) => a.action)).toEqual(['detect.allowlist.add', 'detect.allowlist.remove'])
  })
})
