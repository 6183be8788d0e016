/**
 * Persist first, then act, then resume: a start that dies part way is finished by the retry,
 * never taken for a duplicate; a late ALARM and a flapping one capture nothing new.
 */
import { describe, expect, it } from 'vitest';
import { NotificationDeferred } from '../../functions/triage/notify.js';
import { AdapterError } from '../../functions/triage/ports.js';
import {
  DEADLINE_MARGIN_SECONDS,
  RESUME_AFTER_MS,
  startTriage,
  triageIdOf,
} from '../../functions/triage/start-triage.js';
import {
  cpuAlarm,
  type FakeClock,
  INSTANCE,
  permanentFailure,
  retryableFailure,
  triageWorld,
} from './fakes.js';

const COOLDOWN = 600;

/** Lambda retries a failed asynchronous invocation about a minute later. */
const lambdaRetries = (deps: { clock: FakeClock }, afterMs = RESUME_AFTER_MS) => {
  deps.clock.at = new Date(deps.clock.at.getTime() + afterMs);
};

const build = () => {
  const w = triageWorld();
  w.start.settings.cooldownSeconds = COOLDOWN;
  return w.start;
};

describe('startTriage stores before it acts', () => {
  it('stores the claimed record before any SendCommand, and the command id before the card', async () => {
    const deps = build();
    const order: string[] = deps.store.writes;
    const send = deps.executor.sendCapture.bind(deps.executor);
    deps.executor.sendCapture = async (request) => {
      order.push('sendCapture');
      return send(request);
    };

    await startTriage(cpuAlarm(), deps);

    expect(order.indexOf('beginTriage:starting')).toBeLessThan(order.indexOf('sendCapture'));
    const commandSaved = deps.store.writes.findIndex(
      (w, i) => w === 'saveTriage:starting' && i > order.indexOf('sendCapture'),
    );
    expect(commandSaved).toBeGreaterThan(-1);
    expect(commandSaved).toBeLessThan(order.indexOf('notify:triageStarted'));
    expect(order.at(-1)).toBe('saveTriage:capturing');
  });

  it('is resumed by the retry after a crash between SendCommand and the save', async () => {
    const deps = build();
    // The save that would record the command id fails (a timeout, a throttled table).
    let crashes = 1;
    deps.store.crash = (write, record) =>
      write === 'saveTriage:starting' &&
      record?.instances.some((r) => r.commandId !== undefined) === true &&
      crashes-- > 0;
    const alarm = cpuAlarm();

    await expect(startTriage(alarm, deps)).rejects.toThrow('store crashed');
    lambdaRetries(deps);
    const retried = await startTriage(structuredClone(alarm), deps);

    // The retry resumes instead of stopping as a duplicate: the capture goes out (again: the
    // first command's id was never stored), the card is posted once and the record is whole.
    expect(retried.kind).toBe('started');
    expect(deps.executor.sent).toHaveLength(2);
    expect(deps.notifier.started).toHaveLength(1);
    const stored = deps.store.triages.get(triageIdOf(alarm));
    expect(stored?.status).toBe('capturing');
    expect(stored?.instances).toHaveLength(1);
    const commandId = stored?.instances[0]?.commandId as string;
    expect(deps.store.commands.get(commandId)).toBe(triageIdOf(alarm));
    expect(deps.notifier.started[0]?.instances[0]?.commandId).toBe(commandId);
  });

  it('does not send again when it dies after storing the command id', async () => {
    const deps = build();
    // The save that follows the card dies (a Lambda timeout looks the same from the store).
    let crashed = false;
    deps.store.crash = (write, record) => {
      if (crashed || write !== 'saveTriage:starting' || !record?.notification) return false;
      crashed = true;
      return true;
    };
    const alarm = cpuAlarm();

    await expect(startTriage(alarm, deps)).rejects.toThrow('store crashed');
    lambdaRetries(deps);
    const retried = await startTriage(structuredClone(alarm), deps);

    expect(retried.kind).toBe('started');
    expect(deps.executor.sent).toHaveLength(1);
    // The card's handle was lost with the crash: the retry posts it again rather than never.
    expect(deps.notifier.started).toHaveLength(2);
    expect(deps.store.triages.get(triageIdOf(alarm))?.status).toBe('capturing');
  });

  it('lets a Slack 429 on the card fail the invocation, then posts it on the retry without sending again', async () => {
    const deps = build();
    deps.notifier.failures.push(retryableFailure());
    const alarm = cpuAlarm();

    await expect(startTriage(alarm, deps)).rejects.toBeInstanceOf(NotificationDeferred);
    const stored = deps.store.triages.get(triageIdOf(alarm));
    expect(stored?.status).toBe('starting');
    expect(stored?.instances[0]?.commandId).toBeDefined();
    expect(deps.logger.messages()).toContain('notification deferred');

    lambdaRetries(deps);
    const retried = await startTriage(structuredClone(alarm), deps);

    expect(retried.kind).toBe('started');
    expect(deps.executor.sent).toHaveLength(1);
    expect(deps.notifier.started).toHaveLength(1);
    expect(deps.store.triages.get(triageIdOf(alarm))?.notification).toBeDefined();
  });

  it('leaves a triage another invocation is still starting to it (the same event twice at once)', async () => {
    const deps = build();
    deps.notifier.failures.push(retryableFailure());
    const alarm = cpuAlarm();
    await expect(startTriage(alarm, deps)).rejects.toBeInstanceOf(NotificationDeferred);

    lambdaRetries(deps, RESUME_AFTER_MS - 1);
    const early = await startTriage(structuredClone(alarm), deps);
    lambdaRetries(deps, 1);
    const [a, b] = await Promise.all([
      startTriage(structuredClone(alarm), deps),
      startTriage(structuredClone(alarm), deps),
    ]);

    expect(early.kind).toBe('duplicate');
    expect([a.kind, b.kind].sort()).toEqual(['duplicate', 'started']);
    expect(deps.notifier.started).toHaveLength(1);
    expect(deps.executor.sent).toHaveLength(1);
  });

  it('logs a card Slack will never take (not_in_channel) as a failed notification and finishes', async () => {
    const deps = build();
    deps.notifier.failures.push(permanentFailure());

    const outcome = await startTriage(cpuAlarm(), deps);

    expect(outcome.kind).toBe('started');
    const failed = deps.logger.lines.find((l) => l.message === 'notification failed');
    expect(failed).toMatchObject({ level: 'error', attributes: { notification: 'triageStarted' } });
  });

  it('gives each command a deadline past its delivery and execution timeouts', async () => {
    const deps = build();

    await startTriage(cpuAlarm(), deps);

    const run = deps.store.triages.get(triageIdOf(cpuAlarm()))?.instances[0];
    const expected = deps.clock.now().getTime() + (60 + (10 + 45) + DEADLINE_MARGIN_SECONDS) * 1000;
    expect(run?.deadline).toBe(new Date(expected).toISOString());
    expect([...deps.store.deadlines.keys()][0]).toBe(
      `${run?.deadline}#${run?.commandId}#${INSTANCE}`,
    );
  });
});

describe('startTriage and late or stale alarms', () => {
  it('captures nothing for an ALARM delivered after the alarm went back to OK', async () => {
    const deps = build();
    deps.alarms.answer = { state: 'OK', updatedAt: '2026-11-22T09:11:40.000Z' };

    const outcome = await startTriage(cpuAlarm(), deps);

    expect(outcome).toMatchObject({ kind: 'stale', why: 'the alarm is OK now' });
    expect(deps.executor.sent).toHaveLength(0);
    expect(deps.store.claims.size).toBe(0);
    expect(deps.notifier.count).toBe(0);
  });

  it('captures nothing when the alarm has changed state again since this event', async () => {
    const deps = build();
    // In ALARM, but through a later transition (ALARM → OK → ALARM): that event is the live one.
    deps.alarms.answer = { state: 'ALARM', updatedAt: '2026-11-22T09:10:42.000Z' };

    const outcome = await startTriage(cpuAlarm(), deps);

    expect(outcome.kind).toBe('stale');
    expect(deps.executor.sent).toHaveLength(0);
  });

  it('captures an ALARM whose state change CloudWatch dates within a second of the event', async () => {
    const deps = build();
    deps.alarms.answer = { state: 'ALARM', updatedAt: '2026-11-22T09:10:41.989Z' };

    expect((await startTriage(cpuAlarm(), deps)).kind).toBe('started');
  });

  it('captures when the alarm state cannot be read, and says so in the log', async () => {
    const deps = build();
    deps.alarms.answer = new Error('Throttling');

    expect((await startTriage(cpuAlarm(), deps)).kind).toBe('started');
    expect(deps.logger.messages()).toContain('alarm state not checked');
  });

  it('captures nothing for an alarm that no longer exists', async () => {
    const deps = build();
    deps.alarms.answer = undefined;

    expect((await startTriage(cpuAlarm(), deps)).kind).toBe('stale');
  });

  it('leaves the newest triage of the alarm alone when an older transition arrives late', async () => {
    const deps = build();
    const newer = cpuAlarm({ changedAt: '2026-11-22T09:40:00.000+0000', previousState: 'OK' });
    deps.alarms.changedAt = '2026-11-22T09:40:00.000Z';
    await startTriage(newer, deps);
    // The older ALARM's own check passes (CloudWatch shows it in ALARM since then) only in a
    // race; the store's pointer still refuses it.
    deps.alarms.answer = new Error('unavailable');

    const late = await startTriage(cpuAlarm(), deps);

    expect(late.kind).toBe('stale');
    expect((await deps.store.latestTriageOf(newer.arn))?.triageId).toBe(triageIdOf(newer));
  });
});

describe('startTriage and a flapping alarm (storms off)', () => {
  const second = (deps: ReturnType<typeof build>, afterSeconds: number) => {
    deps.settings.stormWindowMs = 0;
    deps.clock.at = new Date(deps.clock.at.getTime() + afterSeconds * 1000);
    const alarm = cpuAlarm({
      name: 'ServerLoadTooHigh',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerLoadTooHigh',
    });
    return startTriage(alarm, deps);
  };

  it('does not capture an instance again within the cooldown, and says which triage has it', async () => {
    const deps = build();
    deps.settings.stormWindowMs = 0;
    await startTriage(cpuAlarm(), deps);

    const outcome = await second(deps, COOLDOWN - 1);

    expect(outcome.kind).toBe('failed');
    expect(deps.executor.sent).toHaveLength(1);
    expect(deps.notifier.failed.at(-1)?.reason.code).toBe('capture_cooldown');
    expect(deps.notifier.failed.at(-1)?.reason.message).toContain(triageIdOf(cpuAlarm()));
  });

  it('gives the instance back when the first capture could not be sent', async () => {
    const deps = build();
    deps.settings.stormWindowMs = 0;
    const send = deps.executor.sendCapture.bind(deps.executor);
    let refused = false;
    deps.executor.sendCapture = async (request) => {
      if (!refused) {
        refused = true;
        throw new AdapterError('throttled', 'SendCommand: Rate exceeded');
      }
      return send(request);
    };
    await startTriage(cpuAlarm(), deps);

    const outcome = await second(deps, 60);

    expect(outcome.kind).toBe('started');
    expect(deps.executor.sent).toHaveLength(1);
  });

  it('captures it again once the cooldown has passed', async () => {
    const deps = build();
    deps.settings.stormWindowMs = 0;
    await startTriage(cpuAlarm(), deps);

    const outcome = await second(deps, COOLDOWN + 1);

    expect(outcome.kind).toBe('started');
    expect(deps.executor.sent).toHaveLength(2);
  });
});
