/** What a command may touch of its process: output streams and the environment. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean }
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean }
  readonly stdin?: NodeJS.ReadableStream
  readonly env: Readonly<Record<string, string | undefined>>
}

/** Writes one line. */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line}\n`)
}
