/**
 * One card per storm: alarms on one target within the window share the first alarm's card,
 * through the real Slack notifier against the loopback Web API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../functions/adapters/slack/client.js';
import { SlackNotifier } from '../../functions/adapters/slack/slack-notifier.js';
import type { Target } from '../../functions/core/alarm/types.js';
import { finishTriage } from '../../functions/triage/finish-triage.js';
import { NotificationDeferred } from '../../functions/triage/notify.js';
import type { Notifier } from '../../functions/triage/ports.js';
import { startTriage, triageIdOf } from '../../functions/triage/start-triage.js';
import { compressed } from '../adapters/aws/responses.js';
import { loadFixture } from '../helpers/fixtures.js';
import { rateLimited, type SlackServer, startSlackServer } from '../helpers/slack-server.js';
import { cpuAlarm, FakeTargets, triageWorld } from './fakes.js';

const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');
const GROUP: Target = { kind: 'auto-scaling-group', name: 'web' };
const INSTANCES = ['i-0aaaaaaaaaaaaaaa1', 'i-0aaaaaaaaaaaaaaa2', 'i-0aaaaaaaaaaaaaaa3'];

/** The n-th alarm on the group: its own name, the same group, the same minute. */
const groupAlarm = (n: number, changedAt = '2026-11-22T09:10:40.989+0000') =>
  cpuAlarm({
    changedAt,
    name: `web-alarm-${n}`,
    arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-alarm-${n}`,
    metrics: [
      {
        namespace: 'AWS/EC2',
        name: 'CPUUtilization',
        dimensions: { AutoScalingGroupName: 'web' },
      },
    ],
  });

let server: SlackServer;
beforeAll(async () => {
  server = await startSlackServer();
});
afterAll(() => server.close());

const stormWorld = () => {
  const w = triageWorld();
  const notifier = new SlackNotifier({
    client: createSlackClient('xoxb-test', { slackApiUrl: server.apiUrl }),
    channel: 'C0123456789',
  });
  const world = {
    ...w,
    start: { ...w.start, notifier: notifier as Notifier },
    finish: { ...w.finish, notifier: notifier as Notifier },
  };
  world.start.targets = new FakeTargets(() => ({
    instances: INSTANCES.map((instanceId) => ({ instanceId, via: GROUP })),
    candidates: INSTANCES.length,
    skipped: [],
  }));
  return world;
};

/** Every capture the world sent succeeds with the storm capture; finish each once. */
const finishAll = async (w: ReturnType<typeof stormWorld>) => {
  const runs = [...w.store.triages.values()].flatMap((r) =>
    r.instances.filter((i) => i.commandId).map((i) => ({ ...i, commandId: i.commandId as string })),
  );
  for (const run of runs) {
    w.executor.invocations = [
      {
        found: true,
        invocation: {
          commandId: run.commandId,
          instanceId: run.instanceId,
          status: 'Success',
          end: 'success',
          statusDetails: 'Success',
          responseCode: 0,
          stdout: compressed(STORM),
          stderr: '',
        },
      },
    ];
    await finishTriage(
      { commandId: run.commandId, instanceId: run.instanceId, status: 'Success', end: 'success' },
      w.finish,
    );
  }
};

describe('a storm of alarms on one group', () => {
  beforeEach(() => {
    server.requests.length = 0;
    server.reply('chat.postMessage', (request) => ({
      body: {
        ok: true,
        channel: 'C0123456789',
        ts: `17000000${server.calls('chat.postMessage').length}.000100`,
        message: { text: request.body.text },
      },
    }));
  });

  it('gets one card for 20 alarms, a thread reply per diagnosed instance, and the dominant cause on top', async () => {
    const w = stormWorld();

    for (let n = 1; n <= 20; n++) await startTriage(groupAlarm(n), w.start);
    await finishAll(w);

    const posts = server.calls('chat.postMessage');
    const cards = posts.filter((p) => p.body.thread_ts === undefined);
    const replies = posts.filter((p) => p.body.thread_ts !== undefined);
    expect(cards).toHaveLength(1);
    // The leader captured the group's three instances; the other 19 alarms' captures of the
    // same instances were held back by the cooldown, silently: the card shows them once.
    expect(w.executor.sent).toHaveLength(3);
    expect(replies).toHaveLength(3);
    const last = server.calls('chat.update').at(-1);
    const blocks = JSON.stringify(last?.body.blocks);
    expect(blocks).toContain('3 of 3 instances: syscall-storm');
    expect(blocks).toContain('*20 alarms* within minutes');
    expect(w.store.triages.get(triageIdOf(groupAlarm(20)))?.notification).toMatchObject({
      ts: expect.any(String),
      fleet: 'true',
    });
  });

  it('fails the invocation on a 429 instead of retrying it in a loop', async () => {
    const w = stormWorld();
    await startTriage(groupAlarm(1), w.start);
    await startTriage(groupAlarm(2), w.start);
    server.reply('chat.update', rateLimited(30));

    await expect(finishAll(w)).rejects.toBeInstanceOf(NotificationDeferred);

    // One attempt, then the invocation fails: Lambda retries it a minute later, at most twice.
    expect(server.calls('chat.update')).toHaveLength(1);
  });

  it('opens a new storm once the window has passed', async () => {
    const w = stormWorld();
    w.start.settings.cooldownSeconds = 0;
    await startTriage(groupAlarm(1), w.start);
    w.clock.at = new Date(w.clock.at.getTime() + 600_000);
    w.alarms.changedAt = w.clock.at.toISOString();

    await startTriage(groupAlarm(2, w.clock.at.toISOString()), w.start);

    const cards = server.calls('chat.postMessage').filter((p) => p.body.thread_ts === undefined);
    expect(cards).toHaveLength(2);
  });

  it('joins a storm one millisecond before its window ends', async () => {
    const w = stormWorld();
    w.start.settings.cooldownSeconds = 0;
    await startTriage(groupAlarm(1), w.start);
    w.clock.at = new Date(w.clock.at.getTime() + 600_000 - 1);

    await startTriage(groupAlarm(2), w.start);

    const cards = server.calls('chat.postMessage').filter((p) => p.body.thread_ts === undefined);
    expect(cards).toHaveLength(1);
  });
});
