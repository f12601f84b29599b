import { z } from 'zod'
import { AuditEntry } from '../audit/audit-entry.js'
import { OrgId } from '../auth/identity.js'
import { storageIssue } from '../exchange/stix-limits.js'
import { Assessment, PendingCondition, RejectCode } from './assessment.js'
import { DataRequestInput } from './data-request.js'
import { DataCategory } from './legal-process.js'
import { RequestState } from './review.js'

/**
 * The largest signed legal document accepted at intake (decoded bytes): as base64 in a JSON body
 * it stays under the default `VIGIL_BODY_LIMIT` of 10 MB.
 */
export const MAX_LEGAL_DOCUMENT_BYTES = 7 * 1024 * 1024

/**
 * `POST /api/v1/requests`: the request, the platform it is addressed to, and the signed legal
 * document as a base64 PDF. The server hashes the document; a client's hash is not asked for.
 *
 * @example
 * { platformOrgId, request: { process: 'subpoena', ... }, document: { filename: 'subpoena.pdf', signed: true, pdfBase64: 'JVBERi0…' } }
 */
export const SubmitRequestBody = z
  .object({
    platformOrgId: OrgId,
    request: DataRequestInput.omit({ legalDocument: true }),
    document: z.object({
      filename: z.string().trim().min(1).max(255),
      signed: z.boolean(),
      // base64 of at most MAX_LEGAL_DOCUMENT_BYTES
      pdfBase64: z.base64().max(Math.ceil(MAX_LEGAL_DOCUMENT_BYTES / 3) * 4),
    }),
  })
  .superRefine((body, ctx) => {
    // A NUL or a lone surrogate cannot be stored (PostgreSQL refuses it): refused here, as a 400.
    const issue = storageIssue(body)
    if (issue) ctx.addIssue({ code: 'custom', message: `${issue.path} ${issue.message}` })
  })
export type SubmitRequestBody = z.infer<typeof SubmitRequestBody>

/** A request as its requester and its reviewers see it. */
export const RequestView = z.object({
  id: z.uuid(),
  state: RequestState,
  agencyOrgId: OrgId,
  platformOrgId: OrgId,
  request: DataRequestInput,
  assessment: Assessment,
  approvedCategories: z.array(DataCategory),
  pendingConditions: z.array(PendingCondition.shape.code),
  preserveUntil: z.string().nullable(),
  extensions: z.number().int(),
  rejectCode: RejectCode.nullable(),
  duplicateOf: z.string().nullable(),
  receivedAt: z.iso.datetime({ offset: true }),
  disclosedAt: z.iso.datetime({ offset: true }).nullable(),
  /** When the SLA clock of the current state runs out (emergencies in an hour); null when none runs. */
  slaDueAt: z.iso.datetime({ offset: true }).nullable(),
  messages: z
    .array(
      z.object({ side: z.enum(['requester', 'reviewer']), author: z.string(), text: z.string(), at: z.iso.datetime({ offset: true }) }),
    )
    .optional(),
})
export type RequestView = z.infer<typeof RequestView>

/** The answer to an action; a disclosure carries its download link once. */
export const ActionResult = z.object({
  request: RequestView,
  download: z.object({ url: z.string(), sha256: z.string(), expiresAt: z.iso.datetime({ offset: true }) }).optional(),
})
export type ActionResult = z.infer<typeof ActionResult>

/**
 * A request's record for its platform's reviewers: the disclosure packages and every audited
 * event of the request in order (transitions, call-backs, packages, download attempts).
 */
export const RequestRecord = z.object({
  packages: z.array(
    z.object({
      id: z.uuid(),
      sha256: z.string(),
      createdAt: z.iso.datetime({ offset: true }),
      expiresAt: z.iso.datetime({ offset: true }),
      purgedAt: z.iso.datetime({ offset: true }).nullable(),
    }),
  ),
  events: z.array(AuditEntry),
})
export type RequestRecord = z.infer<typeof RequestRecord>
