/**
 * The healthy peer in the pipeline: a group alarm also captures the group's coolest instance,
 * and the hottest instance's diagnosis is told beside it, whichever capture ends first.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../../functions/core/alarm/types.js';
import { finishTriage } from '../../functions/triage/finish-triage.js';
import { rerunCapture } from '../../functions/triage/rerun-capture.js';
import { startTriage, triageIdOf } from '../../functions/triage/start-triage.js';
import { loadFixture } from '../helpers/fixtures.js';
import { cpuAlarm, FakeTargets, triageWorld } from './fakes.js';

const SICK = loadFixture('captures/seeds/seed-000-sick.txt');
const HEALTHY = loadFixture('captures/seeds/seed-000-healthy.txt');
const GROUP: Target = { kind: 'beanstalk-environment', name: 'web-prod' };
const [HOT, COOL] = ['i-0aaaaaaaaaaaaaaa1', 'i-0aaaaaaaaaaaaaaa3'];

const groupAlarm = () =>
  cpuAlarm({
    metrics: [
      {
        namespace: 'AWS/ElasticBeanstalk',
        name: 'EnvironmentHealth',
        dimensions: { EnvironmentName: 'web-prod' },
      },
    ],
  });

const world = (peer = true) => {
  const w = triageWorld();
  w.start.settings.hottest = 1;
  w.start.settings.peer = peer;
  w.start.targets = new FakeTargets(() => ({
    instances: [{ instanceId: HOT, recentCpu: 99, via: GROUP }],
    coolest: { instanceId: COOL, recentCpu: 4, via: GROUP },
    candidates: 3,
    skipped: [],
  }));
  return w;
};

const finish = async (w: ReturnType<typeof world>, instanceId: string, text: string) => {
  const run = w.store.triages
    .get(triageIdOf(groupAlarm()))
    ?.instances.find((r) => r.instanceId === instanceId);
  const commandId = run?.commandId as string;
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
        stdout: text,
        stderr: '',
      },
    },
  ];
  return finishTriage({ commandId, instanceId, status: 'Success', end: 'success' }, w.finish);
};

describe('the healthy peer of a group alarm', () => {
  it('captures the coolest instance beside the hottest, and the card names only the hottest', async () => {
    const w = world();

    await startTriage(groupAlarm(), w.start);

    expect(w.executor.sent.map((s) => s.instanceId)).toEqual([HOT, COOL]);
    expect(w.notifier.started[0]?.instances.map((i) => i.instanceId)).toEqual([HOT]);
    expect(w.store.triages.get(triageIdOf(groupAlarm()))?.instances[1]).toMatchObject({
      instanceId: COOL,
      peer: true,
    });
  });

  it('tells the comparison with the hottest diagnosis when the peer ends first', async () => {
    const w = world();
    await startTriage(groupAlarm(), w.start);

    await finish(w, COOL, HEALTHY);
    expect(w.notifier.done).toHaveLength(0);
    await finish(w, HOT, SICK);

    expect(w.notifier.done).toHaveLength(1);
    const told = w.notifier.done[0];
    expect(told?.instanceId).toBe(HOT);
    expect(told?.fleet).toBeUndefined();
    const differs = told?.peer?.rows.filter((r) => r.verdict === 'differs').map((r) => r.label);
    expect(differs?.join(' ')).toMatch(/system CPU/);
    expect(differs?.join(' ')).toMatch(/rt_sigreturn/);
  });

  it('tells the hottest diagnosis again, with the comparison, when the peer ends last', async () => {
    const w = world();
    await startTriage(groupAlarm(), w.start);

    await finish(w, HOT, SICK);
    await finish(w, COOL, HEALTHY);

    expect(w.notifier.done.map((d) => d.instanceId)).toEqual([HOT, HOT]);
    expect(w.notifier.done[0]?.peer).toBeUndefined();
    expect(w.notifier.done[1]?.peer?.rows.some((r) => r.verdict === 'differs')).toBe(true);
  });

  it('captures no peer when turned off, and a rerun never captures the peer again', async () => {
    const off = world(false);
    await startTriage(groupAlarm(), off.start);
    expect(off.executor.sent.map((s) => s.instanceId)).toEqual([HOT]);

    const on = world();
    await startTriage(groupAlarm(), on.start);
    on.clock.at = new Date(on.clock.at.getTime() + 3 * 60_000);
    await rerunCapture({ triageId: triageIdOf(groupAlarm()), deep: false }, on.start);
    expect(on.executor.sent.map((s) => s.instanceId)).toEqual([HOT, COOL, HOT]);
  });
});
