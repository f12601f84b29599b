export * from './auth/permissions.js'
export * from './shared/clock.js'
export * from './shared/config.js'
export * from './shared/errors.js'
