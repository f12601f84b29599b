import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { NetworksFile } from '@vigil/contracts'
import { buildNetworkBundle, type NetworkBundleOptions } from '@vigil/core'

/**
 * Writes `bundle.json` into `dir`: the run's networks as a STIX 2.1 bundle
 * (`buildNetworkBundle`). Returns its path and how many objects it holds.
 */
export async function writeNetworkBundle(
  dir: string,
  file: NetworksFile,
  options: NetworkBundleOptions,
): Promise<{ readonly path: string; readonly objects: number }> {
  const bundle = buildNetworkBundle(file, options)
  const path = join(dir, 'bundle.json')
  await writeFile(path, `${JSON.stringify(bundle, null, 2)}\n`)
  return { path, objects: bundle.objects.length }
}
