import { appendFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Config, NoticeMailer } from '@vigil/core'
import { createTransport } from 'nodemailer'

/**
 * The instance's notice mailer: through `VIGIL_SMTP_URL` when set, otherwise rendered by
 * nodemailer's JSON transport into `DATA_DIR/outbox/notices.ndjson`, the development outbox.
 */
export function createNoticeMailer(config: Config): NoticeMailer {
  const from = config.mail.from
  if (config.mail.smtpUrl) {
    const smtp = createTransport(config.mail.smtpUrl)
    return {
      async send(m) {
        await smtp.sendMail({ from, to: m.to, subject: m.subject, text: m.text })
      },
    }
  }
  const outbox = join(config.dataDir, 'outbox')
  const json = createTransport({ jsonTransport: true })
  return {
    async send(m) {
      const info = await json.sendMail({ from, to: m.to, subject: m.subject, text: m.text })
      await mkdir(outbox, { recursive: true, mode: 0o700 })
      await appendFile(join(outbox, 'notices.ndjson'), `${String(info.message)}\n`, { mode: 0o600 })
    },
  }
}
