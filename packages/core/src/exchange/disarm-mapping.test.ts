import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DetectSignal } from '@vigil/contracts'
import { describeWithShared } from '@vigil/contracts/test-support'
import { expect, it } from 'vitest'
import { proposedTechnique, proposedTechniques } from './disarm-mapping.js'

describeWithShared('DISARM mapping against the framework', 'standards', (standards) => {
  it('points each proposal at the attack-pattern the bundle and the table give that DISARM id', () => {
    const bundle = JSON.parse(readFileSync(join(standards, 'stix-bundles/DISARM.json'), 'utf8')) as { objects: Record<string, unknown>[] }
    const byStixId = new Map(bundle.objects.filter((o) => o.type === 'attack-pattern').map((o) => [o.id as string, o]))
    const table = readFileSync(join(standards, 'disarm/techniques-stix-ids.csv'), 'utf8').trim().split('\n').slice(1)
    const rows = new Map(table.map((line) => [line.split(',')[0], line.split(',')]))
    const mapped = DetectSignal.options.flatMap((s) => {
      const t = proposedTechnique(s)
      return t ? [t] : []
    })
    expect(mapped.length).toBe(8)
    for (const t of mapped) {
      const ap = byStixId.get(t.stixId)
      expect(ap?.name, t.disarmId).toBe(t.name)
      expect(((ap?.external_references ?? []) as { external_id?: string }[]).map((r) => r.external_id)).toContain(t.disarmId)
      expect(rows.get(t.disarmId)?.[1]).toBe(t.stixId)
    }
  })

  it('proposes nothing for co-domain and one technique for the two text signals', () => {
    expect(proposedTechnique('co-domain')).toBeUndefined()
    expect(proposedTechniques(['co-text', 'co-similar-text', 'co-domain']).map((t) => t.disarmId)).toEqual(['T0084.001'])
  })
})
