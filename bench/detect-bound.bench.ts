// `npm run bench -- detect-bound`: how far below `vigil detect` the six signals could go in
// DuckDB at all. On the generated dump it times, in one process against the scan floor of
// detect.bench.ts: a read into the narrowest table the signals need (post, account, time,
// one hash per object; no texts, lists or URL normalisation), the object table from it,
// the accounts, Vigil's own chunked window join over those objects (buildPairs), and the
// GROUP BY that finds posts spread over several rows. Each is work `vigil detect` must do
// at least once, so their sum bounds its time from below. Sizes as detect.bench.ts.
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { buildPairs } from '../packages/storage/src/detect/co-occurrence.js'
import { generateDump } from './detect-generate.js'

const COLUMNS = ['id', 'account', 'ts', 'text', 'url', 'hashtag', 'mention', 'reshare_of']

async function bound(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '2560MB' })
  const connection = await instance.connect()
  await connection.run("ATTACH ':memory:' AS detect (COMPRESS)")
  await connection.run('USE detect')
  const csv = `read_csv('${file}', header=true, auto_detect=false, delim=',', quote='"', escape='"',
    columns={${COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ')}})`
  const original = (column: string, key: string) => `CASE WHEN reshare_of IS NULL AND ${column} IS NOT NULL THEN hash(${key}) END`
  const steps: [string, () => Promise<unknown>][] = [
    [
      'scan floor',
      () => connection.run(`SELECT count(*), sum(${COLUMNS.map((c) => `length(coalesce(${c}, ''))`).join(' + ')}) FROM ${csv}`),
    ],
    [
      'narrowest read',
      () =>
        connection.run(`CREATE TABLE w AS SELECT hash(account, id) AS pid, hash(account) AS aid, account,
          TRY_CAST(ts AS BIGINT) * 1000 AS t, CASE WHEN reshare_of IS NOT NULL THEN hash(reshare_of) END AS k0,
          ${original('url', 'url')} AS k1, ${original('url', "split_part(url, '/', 3)")} AS k2,
          ${original('hashtag', 'lower(hashtag)')} AS k3, ${original('mention', 'lower(mention)')} AS k4,
          ${original('text', 'lower(text)')} AS k7 FROM ${csv}`),
    ],
    [
      'object table',
      () =>
        connection.run(`CREATE TABLE obj AS SELECT * FROM (SELECT unnest([0, 1, 2, 3, 4, 7]::UTINYINT[]) AS sig,
          unnest([k0, k1, k2, k3, k4, k7]) AS kid, pid, aid, t FROM w) WHERE kid IS NOT NULL`),
    ],
    ['accounts', () => connection.run('CREATE TABLE acct AS SELECT aid, any_value(account) AS account FROM w GROUP BY aid')],
    ['window join (buildPairs)', () => buildPairs(connection, 60_000)],
    ['posts over several rows', () => connection.run('SELECT count(*) FROM (SELECT pid FROM w GROUP BY pid HAVING count(*) > 1)')],
  ]
  let floor = 0
  let total = 0
  for (const [name, run] of steps) {
    const started = performance.now()
    await run()
    const seconds = (performance.now() - started) / 1000
    if (name === 'scan floor') floor = seconds
    else total += seconds
    console.log(`  ${name.padEnd(26)} ${seconds.toFixed(2)} s  ${(seconds / floor).toFixed(2)} × floor`)
  }
  console.log(`  ${'sum of the steps'.padEnd(26)} ${total.toFixed(2)} s  ${(total / floor).toFixed(2)} × floor`)
  connection.closeSync()
  instance.closeSync()
}

const sizes = (process.env.VIGIL_BENCH_SIZES ?? '100000,1000000').split(',').map(Number)
const dir = join(tmpdir(), 'vigil-bench')
mkdirSync(dir, { recursive: true })
for (const size of sizes) {
  const file = join(dir, `dump-${size}-seed1-v2.csv`)
  if (!existsSync(file)) await generateDump(file, { posts: size, seed: 1 })
  console.log(`${size} posts`)
  await bound(file)
}
