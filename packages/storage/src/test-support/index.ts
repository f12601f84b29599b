export { databaseUrlWithName } from './database-url.js'
export { buildWorld, checkReads, type ReadPaths, versionKey, WorldModel, worldPlan } from './exchange-world.js'
export { type SeededUser, seedUser, testIdentityDeps } from './identity-fixtures.js'
export { createScratchDatabase, describeEachDatabase, openTestDatabase, TEST_DATABASES } from './test-database.js'
