import { DuckDBInstance } from '@duckdb/node-api'
import { describeWithShared } from '@vigil/contracts/test-support'
import { detectFormat, minHash, similarTextKeys } from '@vigil/core'
import { expect, it } from 'vitest'
import { minHashSql, similarWordsSql } from '../detect/co-occurrence.js'
import { loadRows } from '../detect/load-rows.js'
import { inputKind, readHeader } from '../detect/read-header.js'

/**
 * Live `co-similar-text` keys are batch's LSH bands: core's JavaScript MinHash gives, for
 * every original post of a real dump (Thai, English and mixed tweets of the X takedown),
 * the very minima batch's DuckDB SQL (`minHashSql` over `similarWordsSql`) gives, so the
 * two put the same posts in the same band buckets.
 */
describeWithShared(
  'core’s MinHash equals batch’s on the X Thailand takedown',
  'data/cib/x_io_archive/thailand_092020_tweets_csv_hashed.csv.gz',
  (file) => {
    it('gives every original post’s text the minima and bands of batch’s SQL', async () => {
      const connection = await (await DuckDBInstance.create(':memory:')).connect()
      const kind = inputKind(file)
      const header = await readHeader(file, kind)
      await loadRows(connection, { files: [file], spec: detectFormat(header), kind, header, strict: false }, ['co-similar-text'])
      const { mins } = minHashSql('h')
      const n = 12
      const reader = await connection.runAndReadAll(`
        WITH t AS (SELECT DISTINCT ntext FROM rows WHERE NOT reshare AND ntext IS NOT NULL),
        w AS (SELECT ntext, len(ws) AS words, hash(unnest(ws)) AS h FROM (SELECT ntext, ${similarWordsSql('ntext')} AS ws FROM t))
        SELECT ntext, any_value(words) >= 3 AS signed, ${mins.replaceAll(/ AS m(\d+)/g, '::VARCHAR AS m$1')} FROM w GROUP BY ntext`)
      const rows = reader.getRowObjectsJS()
      expect(rows.length).toBeGreaterThan(5_000)
      let signed = 0
      for (const row of rows) {
        const text = String(row.ntext)
        const js = minHash(text)
        if (!row.signed) {
          expect(js, text).toBeNull()
          expect(similarTextKeys(text)).toEqual([])
          continue
        }
        signed++
        expect(
          js?.map((m) => m.toString()),
          text,
        ).toEqual(Array.from({ length: n }, (_, i) => String(row[`m${i}`])))
      }
      expect(signed).toBeGreaterThan(4_000)
    }, 180_000)
  },
)
