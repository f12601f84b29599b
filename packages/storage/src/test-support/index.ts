export { databaseUrlWithName } from './database-url.js'
export { type SeededUser, seedUser, testIdentityDeps } from './identity-fixtures.js'
export * from './requests-fixtures.js'
export { describeEachDatabase, openTestDatabase, TEST_DATABASES } from './test-database.js'
