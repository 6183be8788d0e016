/** A mistake in how the CLI was called or in what it was given: one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
