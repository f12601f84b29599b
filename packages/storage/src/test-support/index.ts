// Tests that need audit entries of their own append them directly; the product never does.
export { appendAudit } from '../audit/append-audit.js'
export { type SeededUser, seedIsolationCast, seedUser, testAuthDeps } from './auth-fixtures.js'
export { databaseUrlWithName } from './database-url.js'
export { buildWorld, checkReads, type ReadPaths, versionKey, WorldModel, worldPlan } from './exchange-world.js'
export { readZip } from './read-zip.js'
export * from './requests-fixtures.js'
export { createMigratedDataDir, createScratchDatabase, describeEachDatabase, openTestDatabase, TEST_DATABASES } from './test-database.js'
