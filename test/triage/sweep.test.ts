/**
 * Nothing lost, nothing waits forever: the use cases together, over the in-memory store, with
 * the failures the reliability review found — an SSM event that never comes, one that comes
 * before the record, Slack refusing the card, the same event delivered twice at once.
 */
import { describe, expect, it } from 'vitest';
import { finishTriage } from '../../functions/triage/finish-triage.js';
import type { Invocation, InvocationLookup } from '../../functions/triage/ports.js';
import { startTriage, triageIdOf } from '../../functions/triage/start-triage.js';
import { PARKED_PATIENCE_MS, sweep } from '../../functions/triage/sweep.js';
import { compressed } from '../adapters/aws/responses.js';
import { loadFixture } from '../helpers/fixtures.js';
import { cpuAlarm, INSTANCE, type MemoryLog, retryableFailure, triageWorld } from './fakes.js';

const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');

const invocation = (
  commandId: string,
  status: string,
  end: Invocation['end'],
  stdout = '',
): InvocationLookup => ({
  found: true,
  invocation: {
    commandId,
    instanceId: INSTANCE,
    status,
    end,
    statusDetails: status,
    responseCode: end === 'success' ? 0 : -1,
    stdout,
    stderr: '',
  },
});

const world = () => triageWorld();

const started = async (w: ReturnType<typeof world>) => {
  await startTriage(cpuAlarm(), w.start);
  const run = w.store.triages.get(triageIdOf(cpuAlarm()))?.instances[0];
  if (!run?.commandId || !run.deadline) throw new Error('no command sent');
  return { commandId: run.commandId, deadline: Date.parse(run.deadline) };
};

const successEvent = (commandId: string) => ({
  commandId,
  instanceId: INSTANCE,
  status: 'Success',
  end: 'success' as const,
});

describe('a capture whose SSM event never arrives', () => {
  it('is read by the sweep after its deadline and its card finished within deadline + 2 minutes', async () => {
    const w = world();
    const { commandId, deadline } = await started(w);
    w.executor.invocations = [invocation(commandId, 'Success', 'success', compressed(STORM))];

    // A minute-by-minute sweep; nothing is due before the deadline.
    w.clock.at = new Date(deadline - 1000);
    expect((await sweep(w.finish)).overdue).toBe(0);
    w.clock.at = new Date(deadline + 60_000);
    const outcome = await sweep(w.finish);

    expect(outcome.overdue).toBe(1);
    expect(w.notifier.done).toHaveLength(1);
    expect(w.notifier.done[0]?.triage.cause).toBe('syscall-storm');
    expect(w.notifier.done[0]?.handle).toEqual(
      w.notifier.started.length ? expect.anything() : undefined,
    );
    // Settled: the next sweep has nothing to do.
    w.clock.at = new Date(deadline + 120_000);
    expect((await sweep(w.finish)).overdue).toBe(0);
    expect(w.notifier.done).toHaveLength(1);
  });

  it('says SSM never finished it when the invocation is still InProgress past the deadline', async () => {
    const w = world();
    const { commandId, deadline } = await started(w);
    w.executor.invocations = [invocation(commandId, 'InProgress', 'running')];

    w.clock.at = new Date(deadline + 60_000);
    await sweep(w.finish);

    expect(w.notifier.failed).toHaveLength(1);
    expect(w.notifier.failed[0]?.reason.code).toBe('ssm_overdue');
    expect(w.notifier.failed[0]?.reason.message).toContain('still reports it InProgress');
    expect(w.notifier.failed[0]?.handle).toBeDefined();
    // One look at SSM per overdue capture: no waiting inside the sweep.
    expect(w.executor.lookups).toHaveLength(1);
  });

  it('tells a result Slack refused (429) on the next sweep, once', async () => {
    const w = world();
    const { commandId, deadline } = await started(w);
    w.executor.invocations = [invocation(commandId, 'Success', 'success', compressed(STORM))];
    w.notifier.failures.push(retryableFailure());

    w.clock.at = new Date(deadline + 60_000);
    const first = await sweep(w.finish);
    w.clock.at = new Date(deadline + 120_000);
    const second = await sweep(w.finish);

    expect(first.errors).toBe(1);
    expect(second.overdue).toBe(1);
    expect(w.notifier.done).toHaveLength(1);
    // The result was stored once, before the first try to tell it.
    expect(w.store.writes.filter((x) => x === 'saveResult')).toHaveLength(1);
  });
});

describe('an SSM event that arrives before the triage record', () => {
  it('is parked, then finished by the sweep once the record is there', async () => {
    const w = world();
    // The alarm function is between SendCommand and storing the id: the event finds nothing.
    const early = '0b6f1c2e-0000-4000-8000-000000000001';
    expect((await finishTriage(successEvent(early), w.finish)).kind).toBe('parked');

    const { commandId } = await started(w);
    expect(commandId).toBe(early);
    w.executor.invocations = [invocation(commandId, 'Success', 'success', compressed(STORM))];
    w.clock.at = new Date(w.clock.at.getTime() + 60_000);
    const outcome = await sweep(w.finish);

    expect(outcome.parked).toBe(1);
    expect(w.notifier.done).toHaveLength(1);
    expect(await w.store.parkedEvents(w.clock.now(), new Date(0))).toEqual([]);
  });

  it('is given up on when its command is still unknown after the patience', async () => {
    const w = world();
    await finishTriage(successEvent('99999999-0000-4000-8000-000000000009'), w.finish);

    w.clock.at = new Date(w.clock.at.getTime() + 60_000);
    await sweep(w.finish);
    expect(await w.store.parkedEvents(w.clock.now(), new Date(0))).toHaveLength(1);
    w.clock.at = new Date(w.clock.at.getTime() + PARKED_PATIENCE_MS);
    await sweep(w.finish);

    expect(await w.store.parkedEvents(w.clock.now(), new Date(0))).toEqual([]);
    expect(w.notifier.done).toHaveLength(0);
    expect((w.finish.logger as MemoryLog).messages()).toContain(
      'parked event given up: its command was never stored',
    );
  });
});

describe('finishing a capture', () => {
  it('claims the result before anyone is told, and marks it told after', async () => {
    const w = world();
    const { commandId } = await started(w);
    w.executor.invocations = [invocation(commandId, 'Success', 'success', compressed(STORM))];

    await finishTriage(successEvent(commandId), w.finish);

    const order = w.store.writes.filter((x) => x !== 'noteHistory');
    expect(order.slice(-3)).toEqual(['saveResult', 'notify:triageDone', 'markNotified']);
  });

  it('tells one card for the same event delivered twice at once', async () => {
    const w = world();
    const { commandId } = await started(w);
    w.executor.invocations = [invocation(commandId, 'Success', 'success', compressed(STORM))];

    const outcomes = await Promise.all([
      finishTriage(successEvent(commandId), w.finish),
      finishTriage(successEvent(commandId), w.finish),
    ]);

    expect(outcomes.map((o) => o.kind).sort()).toEqual(['done', 'duplicate']);
    expect(w.notifier.done).toHaveLength(1);
  });

  it('lets Lambda retry a Slack 5xx on the card and tells the stored result on the retry', async () => {
    const w = world();
    const { commandId } = await started(w);
    w.executor.invocations = [invocation(commandId, 'Success', 'success', compressed(STORM))];
    w.notifier.failures.push(
      Object.assign(new Error('chat.update: HTTP 503'), { retryable: true }),
    );

    await expect(finishTriage(successEvent(commandId), w.finish)).rejects.toThrow(
      'not delivered yet',
    );
    const lookups = w.executor.lookups.length;
    const retried = await finishTriage(successEvent(commandId), w.finish);
    const again = await finishTriage(successEvent(commandId), w.finish);

    expect(retried.kind).toBe('done');
    expect(again.kind).toBe('duplicate');
    expect(w.notifier.done).toHaveLength(1);
    expect(w.notifier.done[0]?.triage.cause).toBe('syscall-storm');
    // The retry tells what was stored; it does not read SSM again.
    expect(w.executor.lookups).toHaveLength(lookups);
  });
});
