export * from './io.js'
export * from './run.js'
