import { randomUUID } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scoId } from '@vigil/core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  labAnalyst,
  launchBrowser,
  openSectionAs,
  PHONE,
  platformAnalyst,
  runVigil,
  type SeedUser,
  screenshot,
  seriousAxeViolations,
  seriousViolationsAtDesktopWidths,
  startVigil,
  type VigilProcess,
} from './harness.js'

const platform = platformAnalyst
const lab = labAnalyst

// The official TLP 2.0 marking definition of TLP:GREEN (FIRST).
const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'

const t = '2026-11-01T00:00:00.000Z'
const sdo = (type: string, props: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: '2.1',
  id: `${type}--${randomUUID()}`,
  created: t,
  modified: t,
  object_marking_refs: [TLP_GREEN],
  ...props,
})

function indicator(name: string, domain: string, marking?: string): Record<string, unknown> {
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
  const campaign = sdo('campaign', { name: 'Operation Closed Polls' })
  const indicates = sdo('relationship', { relationship_type: 'indicates', source_ref: green.id, target_ref: campaign.id })
  // Two techniques of the DISARM framework, as its STIX bundle carries them.
  const disarm = [
    ['T0049.003', 'Bots Amplify via Automated Forwarding and Reposting'],
    ['T0086.002', 'Develop AI-Generated Images (Deepfakes)'],
  ].map(([id, name]) => sdo('attack-pattern', { name, external_references: [{ source_name: 'DISARM', external_id: id }] }))
  // An account as a detection run publishes it: known by its user id alone.
  const accountValue = { type: 'user-account', spec_version: '2.1', user_id: 'op-account-7', account_type: 'twitter' }
  const account = { ...accountValue, id: scoId({ ...accountValue, id: 'user-account--00000000-0000-5000-8000-000000000000' }) }
  let mispPath: string
  // The lab's own indicator of the platform's GREEN domain: the two correlate.
  const labIndicator = indicator('Amplifier seen by the lab', 'news-amplifier.example', TLP_GREEN)
  // A second one, and the lab's report holding both: two notices, one pair of containers.
  const labMirror = indicator('Mirror of the news domain, seen by the lab', 'news-amplifier.example', TLP_GREEN)
  const labReport = sdo('report', {
    name: 'Lab report: coordinated reposting',
    published: t,
    object_refs: [labIndicator.id, labMirror.id],
  })
  let labBundlePath: string

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
      await runVigil(dataDir, ['admin', 'collection', 'create', '--title', 'Lab sightings', '--read', 'all', '--write', lab.org])
    })
    browser = await launchBrowser()
    bundlePath = join(await mkdtemp(join(tmpdir(), 'vigil-bundle-')), 'bundle.json')
    await writeFile(
      bundlePath,
      JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [green, amber, campaign, indicates, ...disarm, account] }),
    )
    labBundlePath = join(bundlePath, '..', 'lab-bundle.json')
    await writeFile(
      labBundlePath,
      JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [labIndicator, labMirror, labReport] }),
    )
    mispPath = join(bundlePath, '..', 'event.json')
    const event = {
      uuid: randomUUID(),
      info: 'Fake polling-station closure messages',
      date: '2026-11-03',
      Tag: [{ name: 'tlp:green' }],
      Attribute: [{ type: 'domain', category: 'Network activity', value: 'closed-polls.example' }],
    }
    await writeFile(mispPath, JSON.stringify({ Event: event }))
  })
  afterAll(async () => {
    await browser?.close()
    await vigil?.stop()
  })

  const openExchange = (user: SeedUser): Promise<Page> => openSectionAs(browser, vigil.url, user, 'Exchange')

  it('lets the platform import a bundle and shows each object under its TLP label', async () => {
    const page = await openExchange(platform)
    const form = page.getByRole('form', { name: 'Import a STIX bundle or MISP event' })
    await form.getByLabel('File (JSON)').setInputFiles(bundlePath)
    await form.getByRole('button', { name: 'Import' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Stored' }).textContent())
      .toContain('Stored 7 of 7 objects; 0 refused.')
    // The import says where to look at what it stored.
    expect(await page.getByRole('link', { name: `Open ${String(campaign.name)}` }).getAttribute('href')).toBe(
      `/exchange/objects/${encodeURIComponent(String(campaign.id))}`,
    )
    // One text search finds names and what the list shows for an account, its user id.
    await page.getByLabel('Text').fill('op-account-7')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.getByRole('link', { name: 'op-account-7' }).count()).toBe(1)
    await page.getByLabel('Text').fill('')
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
    // EXCHANGE_OBJECT_NOT_FOUND: the page cannot tell a hidden object from an absent one, and says so.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('No such object')
    expect(await page.getByText('This object does not exist, or it is not shared with you.').count()).toBe(1)
    expect(await page.getByText(String(amber.name)).count()).toBe(0)
    await page.goto(`${vigil.url}/exchange`)
    const into = page.getByRole('form', { name: 'Import a STIX bundle or MISP event' }).getByLabel('Into collection')
    await expect.poll(() => into.locator('option').allTextContents()).toEqual(['Lab sightings (default TLP:AMBER)'])
    await page.context().close()
  })

  const openObject = async (user: SeedUser, name: string): Promise<Page> => {
    const page = await openExchange(user)
    await page.getByLabel('Text').fill(name)
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(name)
    return page
  }

  it('draws the relationships as a graph whose nodes open the related object, with the list beside it', async () => {
    const page = await openObject(platform, String(campaign.name))
    const graph = page.getByRole('figure', { name: `Relationships of ${String(campaign.name)}` })
    await expect.poll(() => graph.getByRole('link').count()).toBe(1)
    const list = page.getByRole('list', { name: 'Relationships as a list' })
    await expect.poll(() => list.textContent()).toContain(`${String(green.name)} indicates this object`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'exchange-object')
    expect(await seriousViolationsAtDesktopWidths(page, 'exchange-object')).toEqual([])
    await graph.getByRole('link', { name: /^indicates Amplifier domain/ }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(green.name)
    await page.context().close()
  })

  it('lets another organisation say "I saw this too", and the sharing organisation sees who confirmed it', async () => {
    const labPage = await openObject(lab, String(campaign.name))
    const labRow = (page: Page) => page.getByRole('table', { name: 'Sightings by organisation' }).getByRole('row', { name: /Example Lab/ })
    // It asks first; cancelling sends nothing.
    await labPage.getByRole('button', { name: 'I saw this too' }).click()
    await labPage.getByRole('button', { name: 'Cancel' }).click()
    await labPage.getByRole('button', { name: 'I saw this too' }).click()
    expect(await labPage.getByText(/Everyone who may read it sees the sighting, under TLP:GREEN/).count()).toBe(1)
    expect(await seriousAxeViolations(labPage)).toEqual([])
    await screenshot(labPage, 'sighting-confirm')
    expect(await labRow(labPage).count()).toBe(0)
    await labPage.getByRole('button', { name: 'Yes, record our sighting' }).click()
    await expect
      .poll(() => labPage.getByRole('status').filter({ hasText: 'sighting' }).textContent())
      .toContain('sighting is recorded under TLP:GREEN')
    await expect.poll(() => labRow(labPage).textContent()).toContain('Example Lab11')
    await labPage.context().close()

    const page = await openObject(platform, String(campaign.name))
    await expect.poll(() => labRow(page).count()).toBe(1)
    expect(await page.getByText('Seen 1 time(s) in 1 sighting(s) by 1 organisation(s).').count()).toBe(1)
    // Only the reporting organisation may withdraw it.
    expect(await page.getByRole('button', { name: 'Withdraw our sighting' }).count()).toBe(0)
    await page.context().close()

    // Undone: the lab withdraws its sighting, and nobody counts it any more.
    const again = await openObject(lab, String(campaign.name))
    await again.getByRole('button', { name: 'Withdraw our sighting' }).click()
    await expect.poll(() => again.getByRole('status').filter({ hasText: 'withdrawn' }).count()).toBe(1)
    await expect.poll(() => labRow(again).count()).toBe(0)
    expect(await again.getByRole('button', { name: 'I saw this too' }).count()).toBe(1)
    await again.context().close()
  })

  it('tags a campaign with DISARM techniques chosen in the picker', async () => {
    const page = await openObject(platform, String(campaign.name))
    const picker = page.getByRole('form', { name: 'Tag with DISARM techniques' })
    await picker.getByLabel('Find a technique').fill('amplify')
    await expect.poll(() => picker.getByRole('checkbox').count()).toBe(1)
    await picker.getByLabel(/T0049\.003 Bots Amplify/).check()
    await picker.getByRole('button', { name: 'Tag with the chosen techniques' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Tagged' }).textContent()).toBe('Tagged with 1 technique(s).')
    const tagged = page.getByRole('list', { name: 'Tagged techniques' })
    await expect.poll(() => tagged.textContent()).toContain('T0049.003 Bots Amplify via Automated Forwarding and Reposting')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('reads an object as OpenCTI does: an overview with its author and linked DISARM reference, the raw JSON behind a tab', async () => {
    const name = 'Bots Amplify via Automated Forwarding and Reposting'
    const page = await openObject(platform, name)
    const overview = page.getByRole('tabpanel', { name: 'Overview' })
    await expect.poll(() => overview.getByRole('definition').allTextContents()).toContain(platform.org)
    const reference = overview.getByRole('list', { name: 'External references' }).getByRole('link', { name: 'DISARM T0049.003' })
    expect(await reference.getAttribute('href')).toBe(
      'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/T0049.003.md',
    )
    expect(await page.getByText('"external_id": "T0049.003"').count()).toBe(0)
    await page.getByRole('tab', { name: 'Raw JSON' }).click()
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Raw JSON' }).textContent()).toContain('"external_id": "T0049.003"')
    expect(await page.getByRole('tab', { name: 'Raw JSON' }).getAttribute('aria-selected')).toBe('true')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('imports a MISP event next to STIX bundles, as a report the list then finds', async () => {
    const page = await openExchange(platform)
    const form = page.getByRole('form', { name: 'Import a STIX bundle or MISP event' })
    await form.getByLabel('MISP event (JSON export)').check()
    await form.getByLabel('File (JSON)').setInputFiles(mispPath)
    await form.getByRole('button', { name: 'Import' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Stored' }).textContent())
      .toMatch(/^Stored (\d+) of \1 objects; 0 refused\./)
    await page.getByLabel('Type').fill('report')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.getByRole('link', { name: 'Fake polling-station closure messages' }).count()).toBe(1)
    await page.context().close()
  })

  it('lists the contents of a report in a tab of their own', async () => {
    const page = await openExchange(platform)
    await page.getByLabel('Type').fill('report')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'Fake polling-station closure messages' }).click()
    await page.getByRole('tab', { name: /^Contents \(\d+\)$/ }).click()
    const contents = page.getByRole('tabpanel', { name: /^Contents/ })
    await expect.poll(() => contents.getByRole('row').count()).toBeGreaterThan(1)
    expect(await contents.textContent()).not.toContain('Could not load')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.context().close()
  })

  it('gives one notice per pair of containers, naming the other organisation and the date, with a compare view and no internal keys', async () => {
    const page = await openExchange(lab)
    const form = page.getByRole('form', { name: 'Import a STIX bundle or MISP event' })
    await form.getByLabel('File (JSON)').setInputFiles(labBundlePath)
    await form.getByRole('button', { name: 'Import' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Stored' }).textContent()).toContain('Stored 3 of 3 objects')
    await page.reload()
    const inbox = page.getByRole('region', { name: 'Correlation inbox' })
    const notice = inbox.getByRole('listitem')
    await expect
      .poll(() => notice.first().textContent())
      .toMatch(
        /^Example Platform’s indicator “Amplifier domain \(shared widely\)” shares 1 domain with your report “Lab report: coordinated reposting”, on \d{4}-\d\d-\d\d: news-amplifier\.example\./,
      )
    // Both of the lab's indicators match the platform's: two notices, one line.
    expect(await notice.count()).toBe(1)
    // Neither the index's keys nor STIX or notice ids reach the reader.
    const text = (await inbox.textContent()) ?? ''
    expect(text).not.toContain('domain-name|')
    expect(text).not.toMatch(/--[0-9a-f]{8}-/)
    await notice.first().getByRole('button', { name: 'Compare with Example Platform' }).click()
    const compare = inbox.getByRole('table', { name: 'Your objects beside Example Platform’s' })
    await expect.poll(() => compare.textContent()).toContain(String(green.name))
    expect(await compare.textContent()).toContain(String(labIndicator.name))
    expect(await compare.textContent()).toContain(String(labMirror.name))
    await inbox.scrollIntoViewIfNeeded()
    expect(await seriousViolationsAtDesktopWidths(page, 'exchange-inbox')).toEqual([])
    await page.context().close()
  })

  it('filters by organisation and time, and keeps working at phone width', async () => {
    const page = await openExchange(lab)
    await page.setViewportSize(PHONE)
    const rowCount = async () => {
      await page.getByRole('button', { name: 'Search' }).click()
      await expect.poll(() => page.getByRole('status').count()).toBe(0)
      return page.getByRole('row').count()
    }
    await page.getByLabel('Organisation').selectOption({ label: platform.org })
    await page.getByLabel('Text').fill('Amplifier')
    await expect.poll(rowCount).toBe(2)
    await page.getByLabel('Organisation').selectOption({ label: lab.org })
    await expect.poll(rowCount).toBe(2)
    const objects = page.getByRole('region', { name: 'Objects' })
    expect(await objects.getByRole('link', { name: String(labIndicator.name) }).count()).toBe(1)
    await page.getByLabel('Organisation').selectOption({ label: 'any' })
    await page.getByLabel('Modified until').fill('2026-10-31')
    await expect.poll(() => rowCount().then(() => page.getByText('No object you may see matches.').count())).toBe(1)
    await page.getByLabel('Modified until').fill('')
    await page.getByLabel('Modified from').fill('2026-11-01')
    await expect.poll(rowCount).toBe(3)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'exchange-phone')
    // The filters live in the URL; the list says how many objects match and sorts them.
    expect(new URL(page.url()).searchParams.get('q')).toBe('Amplifier')
    expect(await objects.getByText('2 objects').count()).toBe(1)
    await page.getByLabel('Sort by').selectOption('name')
    await expect.poll(() => objects.getByRole('link').allTextContents()).toEqual([String(green.name), String(labIndicator.name)].sort())
    await objects.getByRole('link', { name: String(green.name) }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(green.name)
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'exchange-object-phone')
    // Back returns to the same search.
    await page.goBack()
    await expect.poll(() => page.getByLabel('Text').inputValue()).toBe('Amplifier')
    expect(await page.getByLabel('Modified from').inputValue()).toBe('2026-11-01')
    expect(await page.getByLabel('Sort by').inputValue()).toBe('name')
    await page.context().close()
  })
})
