export * from './assess-request.js'
export * from './iso-date.js'
export * from './sca-matrix.js'
