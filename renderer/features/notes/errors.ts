// What a failed bridge call tells the user: the core's message, which is written for them.
export function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Something went wrong. Please try again.'
}
