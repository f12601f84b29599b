import { createRequire } from 'node:module'

/** The version of this Vigil build, from the server package's manifest. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version
