import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'

/** Checks one object against the OASIS JSON schema of its type; returns the schema's complaints. */
export type StixSchemaOracle = (object: Record<string, unknown>) => readonly string[]

const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/'

/**
 * The OASIS STIX 2.1 schemas (`standards/stix2.1-schemas/schemas`) as a test oracle. Each
 * object is validated against the schema of its own type (`sdos/`, `sros/`, `observables/`,
 * `common/marking-definition.json`), custom types against `common/core.json` (or
 * `cyber-observable-core.json` for a `new-sco` extension); never against
 * `bundle.json`, which rejects valid location, note, grouping and extension-definition objects.
 */
export function loadStixSchemaOracle(schemasDir: string): StixSchemaOracle {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: false,
    // The OASIS patterns escape characters that a unicode-mode RegExp refuses (\-).
    code: {
      regExp: Object.assign((pattern: string, flags: string) => new RegExp(pattern, flags.replace('u', '')), { code: 'new RegExp' }),
    },
  })
  const byType = new Map<string, string>()
  for (const folder of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(schemasDir, folder))) {
      const schema = JSON.parse(readFileSync(join(schemasDir, folder, file), 'utf8')) as { $id: string }
      ajv.addSchema(schema)
      if (folder !== 'common') byType.set(file.replace(/\.json$/, ''), schema.$id)
    }
  }
  byType.set('marking-definition', `${BASE}common/marking-definition.json`)
  return (object) => {
    const extensions = Object.values((object.extensions ?? {}) as Record<string, { extension_type?: unknown }>)
    const custom = extensions.some((e) => e?.extension_type === 'new-sco') ? 'cyber-observable-core' : 'core'
    const id = byType.get(String(object.type)) ?? `${BASE}common/${custom}.json`
    const validate = ajv.getSchema(id)
    if (!validate) throw new Error(`no schema ${id}`)
    if (validate(object)) return []
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`)
  }
}
