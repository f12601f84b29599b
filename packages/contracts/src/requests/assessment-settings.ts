import { z } from 'zod'
import { SubpoenaKind } from './legal-process.js'

/**
 * The instance's choices on the open questions of REQUESTS-LAW.md §7, and the limits the
 * assessment applies. Every field has the default documented in docs/REQUESTS.md.
 *
 * @example
 * AssessmentSettings.parse({}) // the defaults
 */
export const AssessmentSettings = z.object({
  /** §7 Q1: which subpoenas are honoured. 2703(c)(2) allows criminal and statutory administrative ones. */
  honouredSubpoenas: z.array(SubpoenaKind).min(1).default(['criminal', 'administrative']),
  /** §7 Q2: whether an emergency may reach content (specific items only, with a second reviewer). */
  emergencyContent: z.enum(['never', 'specific_items']).default('specific_items'),
  /** §7 Q3: whether a foreign agency's emergency may reach content. Default no (E7). */
  foreignEmergencyContent: z.boolean().default(false),
  /** §7 Q4: how many 90-day renewals a preservation hold may have. The statute gives one. */
  maxPreservationExtensions: z.number().int().min(0).max(3).default(1),
  /** §7 Q5: days between the user notice and the disclosure, so the user can object. */
  noticeWaitDays: z.number().int().min(0).max(60).default(10),
  /** §7 Q6: whether suspected fraudulent requests are a line of the public report. */
  publishFraudulentInPublicReport: z.boolean().default(true),
  /** §3.2 E5: how far back an emergency's IP logs and metadata may reach. */
  emergencyWindowDays: z.number().int().min(1).max(365).default(30),
  /** §3.3 P2/P3: the length of a hold and of its renewal. */
  preservationDays: z.number().int().min(1).max(365).default(90),
  /** §3.1 G4: more targets than this in one request is not particular. */
  maxTargetsPerRequest: z.number().int().min(1).max(10_000).default(100),
  /** §7 (retention): days legal documents, disclosure packages and account extracts are kept. */
  retentionDays: z.number().int().min(1).max(3650).default(730),
  /** Hours a disclosure package's download link stays valid. */
  downloadLinkHours: z.number().int().min(1).max(720).default(168),
  /** Half-years the public `/api/v1/transparency` may show. */
  publishedPeriods: z.array(z.string().regex(/^\d{4}-H[12]$/)).default([]),
  /** §4: CLOUD Act agreements in force, by partner country and date. */
  cloudActAgreements: z.array(z.object({ country: z.string().length(2), inForceFrom: z.iso.date() })).default([
    { country: 'GB', inForceFrom: '2022-10-03' },
    { country: 'AU', inForceFrom: '2024-01-31' },
  ]),
})
export type AssessmentSettings = z.infer<typeof AssessmentSettings>
