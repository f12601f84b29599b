// `POST /api/v1/requests` as a requester with 2FA: the intake and the automated assessment
// of a request with any field replaced; a refusal stores no request.
import fc from 'fast-check'
import { type FuzzCase, type FuzzContext, fuzzCase } from './fuzz-context.js'
import { hostileString } from './stix-arbitraries.js'

const intakeRequest = fc.dictionary(
  fc.constantFrom(
    'process',
    'agency',
    'official',
    'caseNumber',
    'targets',
    'categories',
    'dateRange',
    'nonDisclosureOrder',
    'emergency',
    'legalBasis',
    'x',
  ),
  fc.oneof(
    fc.jsonValue(),
    hostileString,
    fc.constantFrom(
      'court_order_2703d',
      'subpoena',
      'warrant',
      [{ type: 'username', value: 'target_account' }],
      [{ type: 'phone', value: '\u0000' }],
      ['basic_subscriber_info', 'message_content'],
      { from: '2026-01-31', to: '2026-01-01' },
      { name: 'Federal Bureau of Investigation', country: 'US' },
    ),
  ),
  { maxKeys: 5 },
)

export function requestIntakeCase(ctx: FuzzContext): FuzzCase {
  return fuzzCase(intakeRequest, async (request: Record<string, unknown>) => {
    const before = await ctx.count('requests_request')
    const r = await ctx.http(
      'POST',
      '/api/v1/requests',
      ctx.requester,
      JSON.stringify({
        platformOrgId: ctx.platform.org.id,
        request: {
          process: 'court_order_2703d',
          agency: { name: ctx.agencyName, country: 'US' },
          official: { name: 'Dana Agent', email: ctx.requester.user.email, phone: '+1 202 555 0100' },
          caseNumber: 'F-1',
          targets: [{ type: 'username', value: 'target_account' }],
          categories: ['basic_subscriber_info'],
          dateRange: { from: '2026-01-01', to: '2026-01-31' },
          ...request,
        },
        document: { filename: 'order.pdf', signed: true, pdfBase64: Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64') },
      }),
    )
    const delta = (await ctx.count('requests_request')) - before
    return { answer: String(r.status), crash: r.crash, partial: delta > (r.status === 201 ? 1 : 0) }
  })
}
