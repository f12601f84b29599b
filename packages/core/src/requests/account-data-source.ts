import type { AccountRecord, ActivityRecord, DataCategory, Target } from '@vigil/contracts'

/** What a disclosure holds for one account: its subscriber record and the approved activity. */
export interface AccountExtract {
  readonly account: AccountRecord
  readonly activities: readonly ActivityRecord[]
}

/**
 * The port to the platform's account records (subscriber info, logins and IPs, content). The
 * built-in implementation reads records imported by `vigil requests import-accounts`; a platform
 * can plug in its own.
 */
export interface AccountDataSource {
  /** The targets that name an existing account (§3.1 G9). */
  resolve(targets: readonly Target[]): Promise<readonly Target[]>
  /** The records of the resolved accounts, limited to the categories and dates given. */
  extract(
    targets: readonly Target[],
    categories: readonly DataCategory[],
    dateRange: { readonly from: string; readonly to: string },
  ): Promise<readonly AccountExtract[]>
}
