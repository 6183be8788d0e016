import { describe, expect, it } from 'vitest';
import { LogNotifier } from '../../functions/adapters/log-notifier.js';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { cpuAlarm, INSTANCE, MemoryLog } from '../triage/fakes.js';

describe('LogNotifier', () => {
  it('writes one structured line per notice, with the diagnosis but not the capture', async () => {
    // Prepare
    const log = new MemoryLog();
    const notifier = new LogNotifier(log);
    const capture = '==> cat /proc/loadavg <==\n0.05 0.10 0.08 1/180 4242\n';

    // Act
    const handle = await notifier.triageStarted({
      triageId: 'tr-1',
      alarm: cpuAlarm(),
      instances: [{ instanceId: INSTANCE, commandId: 'c-1' }],
      candidates: 1,
      seconds: 10,
    });
    await notifier.triageDone({
      triageId: 'tr-1',
      alarm: cpuAlarm(),
      instanceId: INSTANCE,
      triage: classify(readCapture(capture)),
    });
    await notifier.triageFailed({
      triageId: 'tr-1',
      alarm: cpuAlarm(),
      instanceId: INSTANCE,
      reason: { code: 'ssm_agent_offline', message: 'The SSM agent …' },
    });
    await notifier.alarmResolved({ triageId: 'tr-1', alarm: cpuAlarm(), durationMs: 60_000 });

    // Assess
    expect(handle).toEqual({ kind: 'log', triageId: 'tr-1' });
    expect(log.lines.map((l) => [l.level, l.attributes.notice])).toEqual([
      ['info', 'triage-started'],
      ['info', 'triage-done'],
      ['warn', 'triage-failed'],
      ['info', 'alarm-resolved'],
    ]);
    expect(log.lines[1]?.attributes).toMatchObject({
      cause: expect.any(String),
      headline: expect.any(String),
    });
    expect(JSON.stringify(log.lines)).not.toContain('1/180 4242');
  });
});
