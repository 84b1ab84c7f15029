/**
 * The one error type ingestion throws for bad input. A refresh catches it, records
 * `message` against the feed (or shows it for an import) and goes on with the rest,
 * so the message must read well on its own: one line, naming the problem.
 */
export class IngestError extends Error {
  override name = 'IngestError'

  constructor(
    message: string,
    /** The address or file name of the input that failed, when the caller knows it. */
    readonly source?: string,
    options?: { cause?: unknown },
  ) {
    super(oneLine(message), options)
  }
}

export function isIngestError(value: unknown): value is IngestError {
  return value instanceof IngestError
}

/** Error messages from parsers can carry line breaks and whole snippets of input. */
export function oneLine(message: string, max = 300): string {
  const flat = message.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
