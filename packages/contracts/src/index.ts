export * from './auth/identity.js'
export * from './cli/migrate-result.js'
export * from './health/health.js'
export * from './shared/error-body.js'
