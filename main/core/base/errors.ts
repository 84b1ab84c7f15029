// Errors the core raises on purpose, each with a message a user can act on.
// The bridge maps them to typed error codes; the CLI prints the message on one line.

export class NotFoundError extends Error {
  readonly code = 'not_found' as const
  constructor(message: string) {
    super(message)
    this.name = 'NotFoundError'
  }
}

export class InvalidInputError extends Error {
  readonly code = 'invalid_input' as const
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'InvalidInputError'
  }
}

/** One line, whatever was thrown. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  return msg.replace(/\s*\n\s*/g, ' ').trim() || 'Something went wrong.'
}
