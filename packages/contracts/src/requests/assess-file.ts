import { z } from 'zod'
import { AssessmentContext } from './assessment-context.js'
import { AssessmentSettings } from './assessment-settings.js'
import { DataRequestInput } from './data-request.js'

/**
 * The file `vigil requests assess FILE.json` reads: a request as an agency would submit it, the
 * facts about its sender, and optionally the day to assess it on. The instance's agency
 * directory, compromised-sender list, open requests and imported accounts are added from the
 * database; entries given in the file are used as well, so rules can be tried without one.
 *
 * @example
 * AssessFile.parse({ request: { process: 'subpoena', ... }, context: { requester: { email: 'a@fbi.gov', mfa: true, government: true } } })
 */
export const AssessFile = z.strictObject({
  request: DataRequestInput,
  context: AssessmentContext,
  settings: AssessmentSettings.partial().optional(),
  /** The day of the assessment (defaults to today). */
  on: z.iso.date().optional(),
})
export type AssessFile = z.infer<typeof AssessFile>
