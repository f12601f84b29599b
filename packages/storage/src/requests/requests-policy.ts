import { readFile, stat } from 'node:fs/promises'
import { AssessmentSettings } from '@vigil/contracts'
import { parseInput, VigilError } from '@vigil/core'

/** The largest JSON file `vigil` reads as a policy or a request description. */
export const MAX_JSON_FILE_BYTES = 10 * 1024 * 1024

/**
 * Reads a JSON file of at most {@link MAX_JSON_FILE_BYTES}; errors are one line naming the file.
 *
 * @throws VigilError `VALIDATION_FAILED` when unreadable, too large or not JSON
 */
export async function readJsonFile(path: string): Promise<unknown> {
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new VigilError('VALIDATION_FAILED', `${path}: cannot read the file`)
    },
  )
  if (size > MAX_JSON_FILE_BYTES) throw new VigilError('PAYLOAD_TOO_LARGE', `${path}: larger than ${MAX_JSON_FILE_BYTES} bytes`)
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch {
    throw new VigilError('VALIDATION_FAILED', `${path}: not valid JSON`)
  }
}

/**
 * The instance's request policy (`VIGIL_REQUESTS_POLICY`, docs/REQUESTS.md): the defaults, with
 * what the file sets.
 */
export async function loadRequestsPolicy(path: string | undefined): Promise<AssessmentSettings> {
  if (!path) return AssessmentSettings.parse({})
  return parseInput(AssessmentSettings.strict(), await readJsonFile(path), {
    code: 'CONFIG_INVALID',
    name: 'policy',
    prefix: 'VIGIL_REQUESTS_POLICY: ',
  })
}
