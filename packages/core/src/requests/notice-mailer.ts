import type { AgencyWarning } from '@vigil/contracts'

/** One user notice as sent (REQUESTS-LAW.md §3.4). */
export interface NoticeMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
}

/**
 * The port through which user notices leave: SMTP in production, an outbox file in development.
 */
export interface NoticeMailer {
  send(message: NoticeMessage): Promise<void>
}

/**
 * The text of a notice: which request, which data, and that the holder may object. The request
 * copy is summarised; the agency is named, the case number is not (it may itself be sensitive).
 *
 * @example
 * noticeMessage('a@example.org', { agency: 'FBI', process: 'subpoena', categories: ['basic_subscriber_info'], receivedOn: '2026-03-01' })
 */
export function noticeMessage(
  to: string,
  r: { readonly agency: string; readonly process: string; readonly categories: readonly string[]; readonly receivedOn: string },
): NoticeMessage {
  return {
    to,
    subject: 'A government request for your account data',
    text: [
      `On ${r.receivedOn} we received a legal request (${r.process.replaceAll('_', ' ')}) from ${r.agency} for data of your account.`,
      `Data concerned: ${r.categories.map((c) => c.replaceAll('_', ' ')).join(', ')}.`,
      'If you wish to object, you may seek legal advice and contact the requesting agency or a court.',
    ].join('\n\n'),
  }
}

/**
 * The warning to an agency that someone sent a request in its name and failed verification
 * (§3.1 G1). It names no account and carries nothing of the request beyond why it failed.
 *
 * @example
 * agencyWarningMessage('security@fbi.gov', warning)
 */
export function agencyWarningMessage(to: string, w: Pick<AgencyWarning, 'agency' | 'message'>): NoticeMessage {
  return {
    to,
    subject: `Security warning: a data request in the name of ${w.agency} failed verification`,
    text: [
      `We received a request for user data in the name of ${w.agency}. It failed our verification: ${w.message}.`,
      'Nothing was disclosed. We did not reply to the address it came from. Please check whether an account or mailbox of your agency has been compromised.',
    ].join('\n\n'),
  }
}
