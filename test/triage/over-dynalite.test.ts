/**
 * The use cases over the real store on dynalite (127.0.0.1): what concurrency does to them is
 * decided by DynamoDB's conditional writes, so it is tested against an implementation of them.
 */
import { describe, expect, it } from 'vitest';
import { DynamoTriageStore } from '../../functions/adapters/aws/triage-store.js';
import { finishTriage } from '../../functions/triage/finish-triage.js';
import { rerunCapture } from '../../functions/triage/rerun-capture.js';
import { resolveAlarm } from '../../functions/triage/resolve-alarm.js';
import { startTriage, triageIdOf } from '../../functions/triage/start-triage.js';
import { compressed } from '../adapters/aws/responses.js';
import { useTriageTable } from '../helpers/dynalite.js';
import { loadFixture } from '../helpers/fixtures.js';
import { cpuAlarm, triageWorld } from './fakes.js';

const table = useTriageTable();
const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');
let serial = 0;

/** An alarm of its own per test: the table lives as long as the file. */
const alarmFor = (changedAt = '2026-11-22T09:10:40.989+0000') => {
  const name = `Cpu${++serial}`;
  return cpuAlarm({
    name,
    arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
    metrics: [
      {
        namespace: 'AWS/EC2',
        name: 'CPUUtilization',
        dimensions: { InstanceId: `i-0${String(serial).padStart(16, '0')}` },
      },
    ],
    changedAt,
  });
};

const world = () => {
  const w = triageWorld(new DynamoTriageStore({ tableName: table.name, client: table.client }));
  w.alarms.answer = new Error('not asked here');
  w.start.settings.cooldownSeconds = 0;
  return w;
};

describe('the triage use cases on dynalite', () => {
  it('sends one capture and one card for the same ALARM delivered five times at once', async () => {
    const w = world();
    const alarm = alarmFor();

    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => startTriage(structuredClone(alarm), w.start)),
    );

    expect(outcomes.filter((o) => o.kind === 'started')).toHaveLength(1);
    expect(w.executor.sent).toHaveLength(1);
    expect(w.notifier.started).toHaveLength(1);
    expect((await w.store.getTriage(triageIdOf(alarm)))?.status).toBe('capturing');
  });

  it('tells one diagnosis for the same SSM event delivered twice at once', async () => {
    const w = world();
    const alarm = alarmFor();
    await startTriage(alarm, w.start);
    const commandId = w.executor.sent.length
      ? ((await w.store.getTriage(triageIdOf(alarm)))?.instances[0]?.commandId as string)
      : '';
    const instanceId = alarm.metrics[0]?.dimensions.InstanceId as string;
    w.executor.invocations = [
      {
        found: true,
        invocation: {
          commandId,
          instanceId,
          status: 'Success',
          end: 'success',
          statusDetails: 'Success',
          responseCode: 0,
          stdout: compressed(STORM),
          stderr: '',
        },
      },
    ];
    const event = { commandId, instanceId, status: 'Success', end: 'success' as const };

    const outcomes = await Promise.all([
      finishTriage(event, w.finish),
      finishTriage(event, w.finish),
    ]);

    expect(outcomes.map((o) => o.kind).sort()).toEqual(['done', 'duplicate']);
    expect(w.notifier.done).toHaveLength(1);
    const result = await w.store.getResult(triageIdOf(alarm), instanceId, commandId);
    expect(result?.notifiedAt).toBeDefined();
  });

  it('resolves the newest triage even after an older one of the same alarm is rerun', async () => {
    const w = world();
    const first = alarmFor();
    const again = { ...first, changedAt: '2026-11-22T10:10:40.989+0000' };
    await startTriage(first, w.start);
    await startTriage(again, w.start);
    w.clock.at = new Date('2026-11-22T10:20:00Z');

    // A rerun of the older triage rewrites its record: it must not take the alarm's pointer.
    const rerun = await rerunCapture({ triageId: triageIdOf(first), deep: false }, w.start);
    const resolved = await resolveAlarm(
      { ...first, state: 'OK', previousState: 'ALARM', changedAt: '2026-11-22T10:30:00.000+0000' },
      w.start,
    );

    expect(rerun.kind).toBe('started');
    expect(resolved).toMatchObject({ kind: 'resolved', triageId: triageIdOf(again) });
    expect((await w.store.getTriage(triageIdOf(again)))?.status).toBe('resolved');
  });
});
