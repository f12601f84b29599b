import type { Migration } from 'kysely'
import * as foundation from './0001-foundation.js'
import * as auditLog from './0002-audit-log.js'
import * as identity from './0100-identity.js'
import * as auditAppendOnly from './0101-audit-append-only.js'
import * as signIn from './0102-sign-in.js'
import * as totpReplay from './0103-totp-replay.js'
import * as exchange from './0200-exchange.js'
import * as taxii from './0250-taxii.js'
import * as correlation from './0260-correlation.js'
import * as requests from './0300-requests.js'
import * as requestsIdentifiersWarnings from './0310-requests-identifiers-warnings.js'
import * as psiSessions from './0400-psi-sessions.js'
import * as psiOrgKeys from './0410-psi-org-keys.js'
import * as psiDeclined from './0420-psi-declined.js'
import * as detectRuns from './0500-detect-runs.js'
import * as searchExternalIds from './0510-search-external-ids.js'
import * as exchangePostings from './0530-exchange-postings.js'
import * as detectPublications from './0550-detect-publications.js'
import * as liveFeeds from './0600-live-feeds.js'
import * as livePairs from './0610-live-pairs.js'
import * as liveAlerts from './0620-live-alerts.js'
import * as disclosures from './0700-disclosures.js'
import * as searchAccountIds from './0810-search-account-ids.js'
import * as liveWebhooks from './0820-live-webhooks.js'
import * as disclosureWithdrawal from './0830-disclosure-withdrawal.js'
import * as liveNetworks from './0840-live-networks.js'
import * as liveTouched from './0850-live-touched.js'

/**
 * Every migration, in order. Names sort in the order they must run; a context adds
 * its own file and one line here, numbered above every migration already released (a
 * database already migrated refuses a new name that sorts before its last one). Imported statically so a bundled or compiled build
 * cannot lose a migration file.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-foundation': foundation,
  '0002-audit-log': auditLog,
  '0100-identity': identity,
  '0101-audit-append-only': auditAppendOnly,
  '0102-sign-in': signIn,
  '0103-totp-replay': totpReplay,
  '0200-exchange': exchange,
  '0250-taxii': taxii,
  '0260-correlation': correlation,
  '0300-requests': requests,
  '0310-requests-identifiers-warnings': requestsIdentifiersWarnings,
  '0400-psi-sessions': psiSessions,
  '0410-psi-org-keys': psiOrgKeys,
  '0420-psi-declined': psiDeclined,
  '0500-detect-runs': detectRuns,
  '0510-search-external-ids': searchExternalIds,
  '0530-exchange-postings': exchangePostings,
  '0550-detect-publications': detectPublications,
  '0600-live-feeds': liveFeeds,
  '0610-live-pairs': livePairs,
  '0620-live-alerts': liveAlerts,
  '0700-disclosures': disclosures,
  '0810-search-account-ids': searchAccountIds,
  '0820-live-webhooks': liveWebhooks,
  '0830-disclosure-withdrawal': disclosureWithdrawal,
  '0840-live-networks': liveNetworks,
  '0850-live-touched': liveTouched,
})
