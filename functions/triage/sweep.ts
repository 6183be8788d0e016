/**
 * Nothing waits forever: once a minute (an EventBridge schedule), finish the captures whose
 * deadline has passed with no result, and try again the status events that came before their
 * command was stored.
 *
 * Why a sweep and not one EventBridge Scheduler schedule per capture: a schedule per capture
 * needs the alarm and Slack functions to create schedules (scheduler:CreateSchedule and
 * iam:PassRole on a role for the scheduler), one more client in each bundle and one more call
 * that can fail between SendCommand and the store. A sweep needs nothing but the deadlines
 * the store already writes with each command, read with one Query by time range; it costs one
 * short invocation a minute, and finishes a capture at most a minute after its deadline (the
 * deadline itself has a minute of margin beyond SSM's own timeouts).
 */
import { type FinishTriageDeps, finishTriage } from './finish-triage.js';

/** Deadlines and parked events older than this are left to expire. */
export const SWEEP_LOOKBACK_MS = 60 * 60_000;
/** A parked event whose command is still unknown after this is given up on. */
export const PARKED_PATIENCE_MS = 15 * 60_000;

export interface SweepOutcome {
  overdue: number;
  parked: number;
  /** Items that threw (logged); the next sweep tries them again. */
  errors: number;
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export const sweep = async (deps: FinishTriageDeps): Promise<SweepOutcome> => {
  const { store, clock } = deps;
  const log = deps.logger;
  const now = clock.now();
  const since = new Date(now.getTime() - SWEEP_LOOKBACK_MS);
  const outcome: SweepOutcome = { overdue: 0, parked: 0, errors: 0 };

  // One at a time: each may call SSM, CloudWatch and Slack, whose rate limits are shared.
  for (const capture of await store.overdueCaptures(now, since)) {
    log.info('capture overdue: asking SSM', {
      triageId: capture.triageId,
      commandId: capture.commandId,
      deadline: capture.deadline,
    });
    try {
      await finishTriage({ ...capture, status: 'overdue', end: 'running' }, deps, {
        overdue: true,
      });
      outcome.overdue++;
    } catch (error) {
      outcome.errors++;
      log.error('overdue capture not finished', {
        commandId: capture.commandId,
        error: describe(error),
      });
    }
  }

  for (const event of await store.parkedEvents(now, since)) {
    try {
      const done = await finishTriage(event, deps, { parked: true });
      const age = now.getTime() - Date.parse(event.parkedAt);
      if (done.kind !== 'unknown') {
        await store.unpark(event);
        outcome.parked++;
      } else if (age > PARKED_PATIENCE_MS) {
        log.warn('parked event given up: its command was never stored', {
          commandId: event.commandId,
          parkedAt: event.parkedAt,
        });
        await store.unpark(event);
      }
    } catch (error) {
      outcome.errors++;
      log.error('parked event not finished', {
        commandId: event.commandId,
        error: describe(error),
      });
    }
  }
  if (outcome.overdue + outcome.parked + outcome.errors > 0) log.info('sweep done', { ...outcome });
  return outcome;
};
