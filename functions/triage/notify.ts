/**
 * How the use cases tell people: a notification that fails for a reason that may pass (a rate
 * limit, no answer) fails the invocation, after what was done is stored, so Lambda retries it
 * (and the retry resumes from the store) and dead-letters the event when it keeps failing. A
 * notification that would fail the same way again (a channel the bot is not in) is logged as
 * failed, which an alarm watches, and the use case carries on.
 */
import { isRetryableFailure, type Log } from './ports.js';

export type Told<T> = { told: true; value: T } | { told: false };

/** A notification still owed: thrown so the invocation is retried. */
export class NotificationDeferred extends Error {
  constructor(what: string, options: { cause: unknown }) {
    super(`${what} not delivered yet; the invocation fails so that it is retried`, options);
    this.name = 'NotificationDeferred';
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Calls the notifier. Its failure is logged; one that may pass is thrown on as
 * {@link NotificationDeferred} once `persist` has stored the progress so far.
 */
export const tell = async <T>(
  log: Log,
  what: string,
  persist: () => Promise<void>,
  call: () => Promise<T>,
): Promise<Told<T>> => {
  try {
    return { told: true, value: await call() };
  } catch (error) {
    if (isRetryableFailure(error)) {
      log.warn('notification deferred', { notification: what, error: describe(error) });
      await persist();
      throw new NotificationDeferred(what, { cause: error });
    }
    // The message is what the stack's metric filter counts: keep it as it is.
    log.error('notification failed', { notification: what, error: describe(error) });
    return { told: false };
  }
};
