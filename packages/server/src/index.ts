export * from './app.js'
export * from './http/error-handler.js'
export * from './main.js'
export * from './version.js'
