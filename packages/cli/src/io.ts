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

/**
 * What every command's action is given, and the one parameter each context's `*-program.ts`
 * takes beside the command it hangs its commands under.
 */
export interface CliRuntime {
  readonly io: CliIo
  /** Where an action puts its exit code; `run` returns it. */
  readonly setExit: (code: number) => void
}
