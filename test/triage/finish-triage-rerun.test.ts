import { describe, expect, it } from 'vitest';
import { finishTriage } from '../../functions/triage/finish-triage.js';
import type { CaptureResult, TriageRecord } from '../../functions/triage/model.js';
import type { Invocation } from '../../functions/triage/ports.js';
import { compressed } from '../adapters/aws/responses.js';
import { loadFixture } from '../helpers/fixtures.js';
import {
  cpuAlarm,
  FakeAwsContext,
  FakeClock,
  FakeExecutor,
  INSTANCE,
  MemoryLog,
  MemoryStore,
  RecordingNotifier,
} from './fakes.js';

const TRIAGE_ID = 'tr-0123456789abcdef';
const FIRST = '11111111-2222-4333-8444-555555555555';
const RERUN = '22222222-2222-4333-8444-555555555555';
const BUSY = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');
const IDLE = loadFixture('captures/local/debian12-idle.txt');

const record = (): TriageRecord => ({
  triageId: TRIAGE_ID,
  transitionKey: `${cpuAlarm().arn}#2026-11-22T09:10:40.989Z`,
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [
    { instanceId: INSTANCE, commandId: FIRST, status: 'capturing' },
    { instanceId: INSTANCE, commandId: RERUN, status: 'capturing' },
  ],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
  notification: { channel: 'C0TEST', ts: '1700000000.000100' },
  reruns: [{ at: '2026-11-22T09:20:00.000Z', deep: 'auto', seconds: 10, commandIds: [RERUN] }],
});

const invocation = (commandId: string, text: string): Invocation => ({
  commandId,
  instanceId: INSTANCE,
  status: 'Success',
  end: 'success',
  statusDetails: 'Success',
  responseCode: 0,
  stdout: compressed(text),
  stderr: '',
});

const build = async (before: Partial<CaptureResult> = {}) => {
  const store = new MemoryStore();
  await store.saveTriage(record());
  await store.saveResult({
    triageId: TRIAGE_ID,
    instanceId: INSTANCE,
    commandId: FIRST,
    ssmStatus: 'Success',
    ssmStatusDetails: 'Success',
    finishedAt: '2026-11-22T09:11:00.000Z',
    outcome: 'diagnosed',
    document: BUSY,
    ...before,
  });
  const executor = new FakeExecutor();
  executor.invocations = [{ found: true, invocation: invocation(RERUN, IDLE) }];
  return {
    store,
    executor,
    awsContext: new FakeAwsContext(),
    notifier: new RecordingNotifier(),
    clock: new FakeClock(new Date('2026-11-22T09:20:30Z')),
    logger: new MemoryLog(),
    optIn: { key: 'alert-triage:enabled', value: 'true' },
  };
};

const event = (commandId: string) => ({
  commandId,
  instanceId: INSTANCE,
  status: 'Success',
  end: 'success' as const,
});

describe('finishTriage on a rerun', () => {
  it('compares the rerun with the capture before it and passes the comparison on', async () => {
    // Prepare
    const deps = await build();

    // Act
    const outcome = await finishTriage(event(RERUN), deps);

    // Assess
    expect(outcome.kind).toBe('done');
    const [done] = deps.notifier.done;
    expect(done?.commandId).toBe(RERUN);
    expect(done?.rerun).toBe(true);
    expect(done?.capture).toContain('# alert-triage capture v1');
    expect(done?.comparison).toMatchObject({
      before: { cause: 'syscall-storm' },
      after: { cause: done?.triage.cause },
    });
    expect(done?.comparison?.summary).toMatch(/: (resolved|improved)$/);
  });

  it('reports a first capture without a comparison', async () => {
    // Prepare
    const deps = await build();
    deps.executor.invocations = [{ found: true, invocation: invocation(FIRST, BUSY) }];
    deps.store.results.clear();

    // Act
    await finishTriage(event(FIRST), deps);

    // Assess
    const [done] = deps.notifier.done;
    expect(done?.commandId).toBe(FIRST);
    expect(done?.rerun).toBeUndefined();
    expect(done?.comparison).toBeUndefined();
  });

  it('reports the rerun without a comparison when the capture before gave no diagnosis', async () => {
    // Prepare
    const deps = await build({
      outcome: 'failed',
      failure: { code: 'ssm_execution_timed_out', message: 'timed out' },
    });

    // Act
    await finishTriage(event(RERUN), deps);

    // Assess
    const [done] = deps.notifier.done;
    expect(done?.triage).toBeDefined();
    expect(done?.rerun).toBe(true);
    expect(done?.comparison).toBeUndefined();
    expect(deps.logger.messages()).toContain(
      'rerun not compared: the previous capture gave no diagnosis',
    );
  });
});
