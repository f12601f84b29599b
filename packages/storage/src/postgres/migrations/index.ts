import type { Migration } from 'kysely'
import * as foundation from './0001-foundation.js'
import * as auditLog from './0002-audit-log.js'
import * as identity from './0100-identity.js'
import * as auditAppendOnly from './0101-audit-append-only.js'
import * as signIn from './0102-sign-in.js'
import * as totpReplay from './0103-totp-replay.js'
import * as psiSessions from './0400-psi-sessions.js'

/**
 * Every migration, in order. Names sort in the order they must run; a context adds
 * its own file and one line here. Imported statically so a bundled or compiled build
 * cannot lose a migration file.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-foundation': foundation,
  '0002-audit-log': auditLog,
  '0100-identity': identity,
  '0101-audit-append-only': auditAppendOnly,
  '0102-sign-in': signIn,
  '0103-totp-replay': totpReplay,
  '0400-psi-sessions': psiSessions,
})
