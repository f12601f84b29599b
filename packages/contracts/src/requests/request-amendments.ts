import { z } from 'zod'
import { SubmitRequestBody } from './request-view.js'
import { ReportPeriod } from './transparency.js'

/**
 * `PUT /api/v1/requests/:id`: a requester's correction of a request no reviewer has picked up
 * yet. The request is replaced and assessed again; without `document` the signed legal
 * document already stored stays the request's.
 *
 * @example
 * { request: { process: 'subpoena', ... }, document: { filename: 'subpoena-v2.pdf', signed: true, pdfBase64: 'JVBERi0…' } }
 */
export const CorrectRequestBody = z.object({
  request: SubmitRequestBody.shape.request,
  document: SubmitRequestBody.shape.document.optional(),
})
export type CorrectRequestBody = z.infer<typeof CorrectRequestBody>

/**
 * `GET /api/v1/requests/intake-defaults`: what the intake form fills in for a requester, from
 * its verified organisation: the agency as the verified-agency directory lists it (`null` when
 * the directory does not list the organisation) and the requester's own address.
 */
export const IntakeDefaults = z.object({
  agency: z
    .object({
      name: z.string(),
      country: z.string().length(2),
      /** The directory's independently verified number, which a call-back uses. */
      callbackPhone: z.string(),
    })
    .nullable(),
  officialEmail: z.string(),
})
export type IntakeDefaults = z.infer<typeof IntakeDefaults>

/** `GET /api/v1/transparency/periods`: the half-years whose report is published, newest first. */
export const PublishedPeriods = z.object({ periods: z.array(ReportPeriod) })
export type PublishedPeriods = z.infer<typeof PublishedPeriods>
