import yazl from 'yazl'

/** One file of a zip archive. */
export interface ZipEntry {
  readonly name: string
  readonly content: Buffer | string
}

/** A zip of `files` (deflated, every entry dated `mtime`), in memory. */
export function zipFiles(files: readonly ZipEntry[], mtime: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile()
    for (const f of files) z.addBuffer(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content), f.name, { mtime })
    z.end()
    const chunks: Buffer[] = []
    z.outputStream.on('data', (c: Buffer) => chunks.push(c))
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    z.outputStream.on('error', reject)
  })
}
