import { expect, it } from 'vitest'
import { describeWithShared } from '../test-support/shared-data.js'
import { STIX_FIXTURES } from '../test-support/stix-fixtures.js'
import { loadStixSchemaOracle } from '../test-support/stix-schemas.js'
import { STIX_SPEC_EXAMPLES } from '../test-support/stix-spec-examples.js'
import { parseStixObject } from './stix-object.js'
import { STIX_TYPE_SCHEMAS } from './stix-types.js'

const ex = STIX_SPEC_EXAMPLES
const without = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)))
const withExtension = (name: string, value: unknown) => {
  const o = ex[name] as Record<string, unknown>
  return { ...o, extensions: { [name]: value } }
}
const ext = (name: string) => {
  const extensions = ex[name]?.extensions as Record<string, Record<string, unknown>>
  return extensions[name] as Record<string, unknown>
}

// Each breaks one rule of the specification for one type or extension: [title, object, path, message].
const REFUSED: [string, Record<string, unknown>, string, RegExp][] = [
  ['an artifact with both payload_bin and url', { ...ex.artifact, url: 'https://example.com/a.zip' }, '$.url', /not both/],
  [
    'an artifact with a decryption key but no algorithm',
    without(ex.artifact ?? {}, 'encryption_algorithm'),
    '$.decryption_key',
    /encryption_algorithm/,
  ],
  ['an artifact whose payload is not base64', { ...ex.artifact, payload_bin: 'ZX7H IBWP ...' }, '$.payload_bin', /base64/],
  ['an autonomous system without a number', without(ex['autonomous-system'] ?? {}, 'number'), '$.number', /number|expected/i],
  ['an autonomous system numbered by a string', { ...ex['autonomous-system'], number: 'AS15139' }, '$.number', /number/],
  ['a directory without a path', without(ex.directory ?? {}, 'path'), '$.path', /string/],
  ['a directory containing a process', { ...ex.directory, contains_refs: [ex.process?.id] }, '$.contains_refs[0]', /file, directory/],
  [
    'an e-mail from a user account',
    { ...ex['email-message'], from_ref: 'user-account--9bd3afcf-deee-54f9-83e2-520653cb6bba' },
    '$.from_ref',
    /email-addr/,
  ],
  ['a multipart e-mail with a body', { ...ex['email-message (multipart)'], body: 'x' }, '$.body', /multipart/],
  [
    'a MIME part with neither body nor body_raw_ref',
    { ...ex['email-message (multipart)'], body_multipart: [{ content_type: 'text/plain' }] },
    '$.body_multipart[0]',
    /exactly one/,
  ],
  ['an upper-case MAC address', { ...ex['mac-addr'], value: 'D2:FB:49:24:37:18' }, '$.value', /MAC address/],
  ['a mutex without a name', without(ex.mutex ?? {}, 'name'), '$.name', /string/],
  ['network traffic without source or destination', without(ex['network-traffic'] ?? {}, 'src_ref', 'dst_ref'), '$', /src_ref or dst_ref/],
  [
    'network traffic from a file',
    { ...ex['network-traffic'], src_ref: 'file--e04f22d1-be2c-59de-add8-10f61d15fe20' },
    '$.src_ref',
    /ipv4-addr/,
  ],
  ['network traffic with protocols as a string', { ...ex['network-traffic'], protocols: 'tcp' }, '$.protocols', /array/],
  ['network traffic on port 70000', { ...ex['network-traffic'], dst_port: 70000 }, '$.dst_port', /65535/],
  ['active network traffic with an end', { ...ex['network-traffic'], is_active: true, end: '2026-01-01T00:00:00Z' }, '$.end', /active/],
  ['a process with nothing but its id', { type: 'process', spec_version: '2.1', id: ex.process?.id }, '$', /at least one/],
  [
    'a process whose parent is a file',
    { ...ex.process, parent_ref: 'file--e04f22d1-be2c-59de-add8-10f61d15fe20' },
    '$.parent_ref',
    /process/,
  ],
  ['software with an upper-case language code', { ...ex.software, languages: ['ENG'] }, '$.languages[0]', /language code/],
  ['a registry key with an abbreviated hive', { ...ex['windows-registry-key'], key: 'HKLM\\system\\bar' }, '$.key', /HKEY_LOCAL_MACHINE/],
  [
    'a registry value of an unknown data type',
    { ...ex['windows-registry-key'], values: [{ name: 'Foo', data_type: 'REG_TEXT' }] },
    '$.values[0].data_type',
    /REG_SZ|expected/,
  ],
  [
    'a certificate valid until before it is valid',
    { ...ex['x509-certificate'], validity_not_after: '2016-01-01T00:00:00Z' },
    '$.validity_not_after',
    /validity_not_before/,
  ],
  [
    'a certificate with no property',
    { type: 'x509-certificate', spec_version: '2.1', id: ex['x509-certificate']?.id },
    '$',
    /at least one/,
  ],
  ['a malware analysis with neither result nor SCOs', without(ex['malware-analysis'] ?? {}, 'result'), '$', /result or analysis_sco_refs/],
  [
    'a malware analysis of an indicator',
    { ...ex['malware-analysis'], sample_ref: 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d' },
    '$.sample_ref',
    /file, artifact/,
  ],
  [
    'language content for a bundle',
    { ...ex['language-content'], object_ref: 'bundle--33fe3b22-0201-47cf-85d0-97c02164528d' },
    '$.object_ref',
    /bundle/,
  ],
  [
    'language content whose translation is not a dictionary',
    { ...ex['language-content'], contents: { de: 'Bank Angriff' } },
    '$.contents.de',
    /object|record/,
  ],
  [
    'an archive containing a process',
    withExtension('archive-ext', { contains_refs: [ex.process?.id] }),
    '$.extensions.archive-ext.contains_refs[0]',
    /file, directory/,
  ],
  [
    'an NTFS stream without a name',
    withExtension('ntfs-ext', { alternate_data_streams: [{ size: 1 }] }),
    '$.extensions.ntfs-ext.alternate_data_streams[0].name',
    /string/,
  ],
  [
    'an image of fractional width',
    withExtension('raster-image-ext', { image_width: 1.5 }),
    '$.extensions.raster-image-ext.image_width',
    /int/,
  ],
  [
    'a PDF extension with an unknown property',
    withExtension('pdf-ext', { ...ext('pdf-ext'), pages: 3 }),
    '$.extensions.pdf-ext.pages',
    /not a property/,
  ],
  [
    'a PE binary without pe_type',
    withExtension('windows-pebinary-ext', { machine_hex: '014c' }),
    '$.extensions.windows-pebinary-ext.pe_type',
    /string/,
  ],
  [
    'a PE binary with a non-hex machine',
    withExtension('windows-pebinary-ext', { ...ext('windows-pebinary-ext'), machine_hex: 'x86' }),
    '$.extensions.windows-pebinary-ext.machine_hex',
    /hex/,
  ],
  [
    'an HTTP request without a method',
    withExtension('http-request-ext', { request_value: '/' }),
    '$.extensions.http-request-ext.request_method',
    /string/,
  ],
  [
    'an ICMP type that is not hex',
    withExtension('icmp-ext', { icmp_type_hex: '8', icmp_code_hex: '00' }),
    '$.extensions.icmp-ext.icmp_type_hex',
    /hex/,
  ],
  [
    'a socket of an unknown family',
    withExtension('socket-ext', { address_family: 'AF_UNIX' }),
    '$.extensions.socket-ext.address_family',
    /AF_INET/,
  ],
  ['a TCP extension with no flags', withExtension('tcp-ext', { x_note: 'x' }), '$.extensions.tcp-ext', /at least one/],
  [
    'a Windows process of an unknown integrity level',
    withExtension('windows-process-ext', { integrity_level: 'root' }),
    '$.extensions.windows-process-ext.integrity_level',
    /low/,
  ],
  [
    'a Windows service of an unknown start type',
    withExtension('windows-service-ext', { start_type: 'SERVICE_SOMETIMES' }),
    '$.extensions.windows-service-ext.start_type',
    /SERVICE_AUTO_START/,
  ],
  [
    'a Unix account whose gid is a string',
    withExtension('unix-account-ext', { gid: '1001' }),
    '$.extensions.unix-account-ext.gid',
    /number|int/,
  ],
]

describeWithShared('the specification’s examples of every further type and extension', 'standards/stix2.1-schemas/schemas', (schemas) => {
  const oracle = loadStixSchemaOracle(schemas)

  it.each(Object.entries(STIX_SPEC_EXAMPLES))(
    'accepts the example of %s unchanged, which its OASIS schema accepts too',
    (_name, object) => {
      expect(parseStixObject(object)).toEqual({ ok: true, object })
      expect(oracle(object)).toEqual([])
    },
  )

  it.each(REFUSED)('refuses %s, naming the path', (_title, object, path, message) => {
    const result = parseStixObject(object)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues, JSON.stringify(result.issues)).toContainEqual({ path, message: expect.stringMatching(message) })
  })
})

it('has a valid example of every type STIX 2.1 defines', () => {
  const covered = new Set([...STIX_FIXTURES, ...Object.values(STIX_SPEC_EXAMPLES)].map((o) => o.type))
  expect(Object.keys(STIX_TYPE_SCHEMAS).filter((t) => !covered.has(t))).toEqual([])
})
