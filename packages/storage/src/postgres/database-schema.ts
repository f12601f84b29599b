import type { ColumnType, Generated } from 'kysely'

/** Instance-wide facts: its id, when it was first started. */
export interface InstanceTable {
  key: string
  value: string
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface FoundationTables {
  vigil_instance: InstanceTable
}

/**
 * Every table Vigil keeps, as Kysely sees it. Each context adds its own `…Tables`
 * interface here, beside its migration.
 */
export interface Database
  extends FoundationTables,
    AuditTables,
    AuthTables,
    ExchangeTables,
    TaxiiTables,
    CorrelationTables,
    RequestsTables,
    PsiTables,
    DetectRunTables,
    DisclosureTables,
    LiveTables {}

import type { AuditTables } from '../audit/audit-tables.js'
import type { AuthTables } from '../auth/auth-tables.js'
import type { DetectRunTables } from '../detect/detect-run-tables.js'
import type { DisclosureTables } from '../disclose/disclosure-tables.js'
import type { CorrelationTables } from '../exchange/correlation-tables.js'
import type { ExchangeTables } from '../exchange/exchange-tables.js'
import type { LiveTables } from '../live/live-tables.js'
import type { PsiTables } from '../psi/psi-tables.js'
import type { RequestsTables } from '../requests/requests-tables.js'
import type { TaxiiTables } from '../taxii/taxii-tables.js'

export type { Generated }
