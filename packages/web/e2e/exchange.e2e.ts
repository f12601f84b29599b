import { randomUUID } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  labAnalyst,
  launchBrowser,
  openSectionAs,
  platformAnalyst,
  runVigil,
  type SeedUser,
  screenshot,
  seriousAxeViolations,
  startVigil,
  type VigilProcess,
} from './harness.js'

const platform = platformAnalyst
const lab = labAnalyst

// The official TLP 2.0 marking definition of TLP:GREEN (FIRST).
const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'

function indicator(name: string, domain: string, marking?: string): Record<string, unknown> {
  const t = '2026-11-01T00:00:00.000Z'
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: t,
    modified: t,
    name,
    pattern: `[domain-name:value = '${domain}']`,
    pattern_type: 'stix',
    valid_from: t,
    ...(marking ? { object_marking_refs: [marking] } : {}),
  }
}

describe('the exchange in the browser', () => {
  let vigil: VigilProcess
  let browser: Browser
  let bundlePath: string
  const green = indicator('Amplifier domain (shared widely)', 'news-amplifier.example', TLP_GREEN)
  const amber = indicator('Operator domain (platform only)', 'operator-infra.example')

  beforeAll(async () => {
    vigil = await startVigil([platform, lab], {}, async (dataDir) => {
      await runVigil(dataDir, [
        'admin',
        'collection',
        'create',
        '--title',
        'Election tips',
        '--read',
        'all',
        '--write',
        platform.org,
        '--default-tlp',
        'amber',
      ])
    })
    browser = await launchBrowser()
    bundlePath = join(await mkdtemp(join(tmpdir(), 'vigil-bundle-')), 'bundle.json')
    await writeFile(bundlePath, JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [green, amber] }))
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  const openExchange = (user: SeedUser): Promise<Page> => openSectionAs(browser, vigil.url, user, 'Exchange')

  it('lets the platform import a bundle and shows each object under its TLP label', async () => {
    const page = await openExchange(platform)
    const form = page.getByRole('form', { name: 'Import a STIX bundle' })
    await form.getByLabel('Bundle file (JSON)').setInputFiles(bundlePath)
    await form.getByRole('button', { name: 'Import' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Stored' }).textContent())
      .toContain('Stored 2 of 2 objects; 0 refused.')
    await page.getByRole('button', { name: 'Search' }).click()
    const rowOf = (name: string) => page.getByRole('row', { name: new RegExp(name.replace(/[()]/g, '\\$&')) })
    await expect.poll(() => rowOf(String(green.name)).textContent()).toContain('TLP:GREEN')
    await expect.poll(() => rowOf(String(amber.name)).textContent()).toContain('TLP:AMBER')
    await screenshot(page, 'exchange')
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByRole('link', { name: String(amber.name) }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(amber.name)
    expect(await page.getByText('(from the collection’s default)').count()).toBe(1)
    await page.context().close()
  })

  it('shows another organisation the GREEN object only, and nothing of the AMBER one', async () => {
    const page = await openExchange(lab)
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.getByRole('link', { name: String(green.name) }).count()).toBe(1)
    expect(await page.getByText(String(amber.name)).count()).toBe(0)
    await page.goto(`${vigil.url}/exchange/objects/${encodeURIComponent(String(amber.id))}`)
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Could not load/)
    expect(await page.getByText(String(amber.name)).count()).toBe(0)
    expect(await page.getByRole('form', { name: 'Import a STIX bundle' }).count()).toBe(0)
    await page.context().close()
  })
})
