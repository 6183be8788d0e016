import { describe, expect, it } from 'vitest';
import { captureArgs } from '../../functions/capture-script/options.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import { AdapterError } from '../../functions/triage/ports.js';
import {
  DEEP_RERUN_SECONDS,
  DEEP_RERUN_STRACE_SECONDS,
  previousRunOf,
  rerunCapture,
  rerunClaimKey,
  rerunOf,
} from '../../functions/triage/rerun-capture.js';
import { cpuAlarm, FakeClock, FakeExecutor, INSTANCE, MemoryLog, MemoryStore } from './fakes.js';

const TRIAGE_ID = 'tr-0123456789abcdef';
const FIRST = '11111111-2222-4333-8444-555555555555';
const OTHER = 'i-0fedcba9876543210';

const record = (overrides: Partial<TriageRecord> = {}): TriageRecord => ({
  triageId: TRIAGE_ID,
  transitionKey: `${cpuAlarm().arn}#2026-11-22T09:10:40.989Z`,
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [
    { instanceId: INSTANCE, instanceType: 't3.micro', commandId: FIRST, status: 'capturing' },
  ],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
  ...overrides,
});

const build = async (stored: TriageRecord | null = record()) => {
  const store = new MemoryStore();
  if (stored) await store.saveTriage(stored);
  return {
    store,
    executor: new FakeExecutor(),
    clock: new FakeClock(),
    logger: new MemoryLog(),
  };
};

describe('rerunCapture', () => {
  it('sends the capture again to the same instance and records it as a rerun', async () => {
    // Prepare
    const deps = await build();

    // Act
    const outcome = await rerunCapture({ triageId: TRIAGE_ID, deep: false, by: 'U1' }, deps);

    // Assess
    expect(outcome.kind).toBe('started');
    expect(deps.executor.sent).toEqual([
      expect.objectContaining({
        triageId: TRIAGE_ID,
        instanceId: INSTANCE,
        seconds: 10,
        deep: 'auto',
      }),
    ]);
    const saved = (await deps.store.getTriage(TRIAGE_ID)) as TriageRecord;
    const [, rerun] = saved.instances;
    expect(rerun).toMatchObject({
      instanceId: INSTANCE,
      instanceType: 't3.micro',
      status: 'capturing',
    });
    expect(saved.reruns).toEqual([
      {
        at: '2026-11-22T09:12:30.000Z',
        by: 'U1',
        deep: 'auto',
        seconds: 10,
        commandIds: [rerun?.commandId],
      },
    ]);
    // capture-done finds the new command's triage through the store's pointer.
    expect(await deps.store.triageIdForCommand(rerun?.commandId ?? '')).toBe(TRIAGE_ID);
  });

  it('runs a deep capture with --deep always, a window of at least 30 s and a 10 s strace', async () => {
    // Prepare
    const deps = await build();

    // Act
    await rerunCapture({ triageId: TRIAGE_ID, deep: true }, deps);

    // Assess: the request, and the arguments the SSM executor builds from it
    const [sent] = deps.executor.sent;
    expect(sent).toMatchObject({
      deep: 'always',
      seconds: DEEP_RERUN_SECONDS,
      straceSeconds: DEEP_RERUN_STRACE_SECONDS,
    });
    expect(DEEP_RERUN_STRACE_SECONDS).toBe(10);
    expect(sent && captureArgs({ ...sent, output: 'auto' })).toEqual([
      '--seconds',
      '30',
      '--deep',
      'always',
      '--strace-seconds',
      '10',
      '--output',
      'auto',
      '--instance-id',
      INSTANCE,
    ]);
  });

  it('leaves the strace length to the script on a plain rerun', async () => {
    // Prepare
    const deps = await build();

    // Act
    await rerunCapture({ triageId: TRIAGE_ID, deep: false }, deps);

    // Assess
    expect(deps.executor.sent[0]).not.toHaveProperty('straceSeconds');
  });

  it('captures every instance of the triage once, even after earlier reruns', async () => {
    // Prepare
    const deps = await build(
      record({
        instances: [
          { instanceId: INSTANCE, commandId: FIRST, status: 'capturing' },
          {
            instanceId: OTHER,
            commandId: '22222222-2222-4333-8444-555555555555',
            status: 'capturing',
          },
          {
            instanceId: INSTANCE,
            commandId: '33333333-2222-4333-8444-555555555555',
            status: 'capturing',
          },
        ],
      }),
    );

    // Act
    await rerunCapture({ triageId: TRIAGE_ID, deep: false }, deps);

    // Assess
    expect(deps.executor.sent.map((r) => r.instanceId)).toEqual([INSTANCE, OTHER]);
  });

  it('says an unknown triage has expired and sends nothing', async () => {
    // Prepare
    const deps = await build(null);

    // Act
    const outcome = await rerunCapture({ triageId: TRIAGE_ID, deep: false }, deps);

    // Assess
    expect(outcome).toEqual({ kind: 'expired', triageId: TRIAGE_ID });
    expect(deps.executor.sent).toEqual([]);
  });

  it('allows one rerun per 2 minutes, and says how long to wait', async () => {
    // Prepare
    const deps = await build();
    await rerunCapture({ triageId: TRIAGE_ID, deep: false }, deps);
    await deps.clock.sleep(100_000);

    // Act
    const second = await rerunCapture({ triageId: TRIAGE_ID, deep: true }, deps);
    await deps.clock.sleep(20_000);
    const third = await rerunCapture({ triageId: TRIAGE_ID, deep: false }, deps);

    // Assess
    expect(second).toEqual({ kind: 'rate-limited', triageId: TRIAGE_ID, retryAfterSeconds: 20 });
    expect(third.kind).toBe('started');
    expect(deps.executor.sent).toHaveLength(2);
  });

  it('lets only one of two racing reruns through the interval’s conditional claim', async () => {
    // Prepare: another Lambda claimed this interval and has not saved its rerun yet.
    const deps = await build();
    await deps.store.claimTransition(rerunClaimKey(TRIAGE_ID, deps.clock.now()), TRIAGE_ID);

    // Act
    const outcome = await rerunCapture({ triageId: TRIAGE_ID, deep: false }, deps);

    // Assess
    expect(outcome.kind).toBe('rate-limited');
    expect(deps.executor.sent).toEqual([]);
  });

  it('reports why when no capture could be sent, and records no rerun', async () => {
    // Prepare
    const deps = await build();
    deps.executor.sendError = new AdapterError('access_denied', 'SendCommand: not allowed');

    // Act
    const outcome = await rerunCapture({ triageId: TRIAGE_ID, deep: false }, deps);

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      triageId: TRIAGE_ID,
      reasons: [expect.objectContaining({ code: 'access_denied' })],
    });
    expect(((await deps.store.getTriage(TRIAGE_ID)) as TriageRecord).reruns).toBeUndefined();
  });
});

describe('previousRunOf / rerunOf', () => {
  it('finds the capture on the same instance just before a rerun', () => {
    // Prepare
    const r: TriageRecord = {
      ...record({
        instances: [
          { instanceId: INSTANCE, commandId: FIRST, status: 'capturing' },
          { instanceId: OTHER, commandId: 'b', status: 'capturing' },
          { instanceId: INSTANCE, commandId: 'c', status: 'capturing' },
          { instanceId: INSTANCE, commandId: 'd', status: 'capturing' },
        ],
      }),
      reruns: [{ at: '2026-11-22T09:12:30.000Z', deep: 'auto', seconds: 10, commandIds: ['c'] }],
    };

    // Act / Assess
    expect(previousRunOf(r, INSTANCE, 'd')?.commandId).toBe('c');
    expect(previousRunOf(r, INSTANCE, 'c')?.commandId).toBe(FIRST);
    expect(previousRunOf(r, INSTANCE, FIRST)).toBeUndefined();
    expect(rerunOf(r, 'c')?.seconds).toBe(10);
    expect(rerunOf(r, FIRST)).toBeUndefined();
  });
});
