import type { IoArchive } from '@vigil/core'
import { toCsv } from '../shared/csv.js'
import { zipFiles } from '../shared/zip-files.js'

/** A researchers' archive ({@link IoArchive}) as a zip of `tweets.csv`, `users.csv` and `README.txt`, dated `releaseDate`. */
export function zipIoArchive(archive: IoArchive, releaseDate: Date): Promise<Buffer> {
  return zipFiles(
    [
      { name: 'tweets.csv', content: toCsv(archive.tweets) },
      { name: 'users.csv', content: toCsv(archive.users) },
      { name: 'README.txt', content: archive.readme },
    ],
    releaseDate,
  )
}
