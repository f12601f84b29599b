export { databaseUrlWithName } from './database-url.js'
export { describeEachDatabase, openTestDatabase, TEST_DATABASES } from './test-database.js'
