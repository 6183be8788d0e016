/**
 * Issue 10, item 5, end to end on dynalite (127.0.0.1): feedback given through signed Slack
 * requests is stored with the capture it judged, counted in the week's digest, and exported as
 * corpus files that the reader and the corpus loader read back.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoFeedbackStore } from '../../functions/adapters/aws/feedback-store.js';
import { DynamoTriageStore } from '../../functions/adapters/aws/triage-store.js';
import { weeklyDigestView } from '../../functions/adapters/slack/card-views.js';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { ACTION_IDS, feedbackOptionValue } from '../../functions/render/slack/actions.js';
import { checkBlockKitLimits } from '../../functions/render/slack/limits.js';
import { renderWeeklyDigest } from '../../functions/render/slack/weekly-digest.js';
import { createSlackApp } from '../../functions/slack/app.js';
import { exportCorpus } from '../../functions/triage/export-corpus.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import { postWeeklyDigest } from '../../functions/triage/weekly-digest.js';
import { cli } from '../helpers/cli.js';
import { folderCases, runCase } from '../helpers/corpus.js';
import { useTriageTable } from '../helpers/dynalite.js';
import { loadFixture } from '../helpers/fixtures.js';
import { blockActionsPayload, formBody, slackRequest } from '../helpers/slack-request.js';
import { cpuAlarm, FakeClock, FakeExecutor, MemoryLog, RecordingNotifier } from './fakes.js';

const table = useTriageTable();
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
/** The sample payload's own channel. */
const CHANNEL = 'CBR2V3XEX';
const STORM = loadFixture('captures/corpus/syscall-storm/demo-signal-storm.txt');
const HEALTHY = loadFixture('captures/corpus/healthy/demo-healthy.txt');
const MIN = 60_000;

const stores = () => ({
  store: new DynamoTriageStore({ tableName: table.name, client: table.client }),
  feedback: new DynamoFeedbackStore({ tableName: table.name, client: table.client }),
});

interface Seed {
  n: number;
  instanceId: string;
  /** When the alarm went to ALARM. */
  alarmAt: string;
  capture: string;
  okAfterMin?: number;
  target?: TriageRecord['targets'][number];
}

const idOf = (n: number) => `tr-${String(n).padStart(16, '0')}`;
const commandOf = (n: number) => `${String(n).padStart(8, '0')}-2222-4333-8444-555555555555`;

/** A triage as the pipeline leaves it: record, diagnosed result, its week's index item. */
const seed = async (s: Seed): Promise<TriageRecord> => {
  const { store } = stores();
  const alarm = cpuAlarm({ name: `Cpu${s.n}`, changedAt: s.alarmAt });
  const record: TriageRecord = {
    triageId: idOf(s.n),
    transitionKey: `${alarm.arn}#${s.alarmAt}`,
    alarm,
    targets: [s.target ?? { kind: 'instance', instanceId: s.instanceId }],
    instances: [{ instanceId: s.instanceId, commandId: commandOf(s.n), status: 'capturing' }],
    startedAt: new Date(Date.parse(s.alarmAt) + 5_000).toISOString(),
    status: 'capturing',
    seconds: 10,
    deep: 'auto',
  };
  const now = new Date(record.startedAt);
  // The triage store's save also lists the triage in its week.
  await store.saveTriage(record, now);
  const { facts: _facts, ...diagnosis } = classify(readCapture(s.capture), { now: s.alarmAt });
  await store.saveResult(
    {
      triageId: record.triageId,
      instanceId: s.instanceId,
      commandId: commandOf(s.n),
      ssmStatus: 'Success',
      ssmStatusDetails: 'Success',
      finishedAt: record.startedAt,
      outcome: 'diagnosed',
      document: s.capture,
      diagnosis,
    },
    now,
  );
  if (s.okAfterMin !== undefined) {
    const resolvedAt = new Date(Date.parse(s.alarmAt) + s.okAfterMin * MIN).toISOString();
    await store.updateTriage(record.triageId, { status: 'resolved', resolvedAt });
  }
  return record;
};

/** The Slack function over the same table; the ephemeral replies kept in `replies`. */
const slackApp = (clock: FakeClock) => {
  const replies: string[] = [];
  const app = createSlackApp(
    { channelId: CHANNEL, signingSecret: SECRET },
    {
      ...stores(),
      executor: new FakeExecutor(),
      clock,
      logger: new MemoryLog(),
      reply: async (_url, text) => {
        replies.push(text);
      },
    },
  );
  const click = async (user: string, action: Record<string, unknown>) => {
    const payload = blockActionsPayload();
    (payload.user as { id: string }).id = user;
    payload.actions = [action as (typeof payload.actions)[number]];
    const body = formBody(payload);
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    return app.handle(slackRequest(body, { secret: SECRET, timestamp }));
  };
  const right = (user: string, n: number) =>
    click(user, { action_id: ACTION_IDS.feedbackRight, type: 'button', value: idOf(n) });
  const wrong = (user: string, n: number, cause: string) =>
    click(user, {
      action_id: ACTION_IDS.feedbackWrong,
      type: 'static_select',
      selected_option: {
        text: { type: 'plain_text', text: cause },
        value: feedbackOptionValue(idOf(n), cause as 'healthy'),
      },
    });
  return { right, wrong, replies };
};

describe('feedback, the weekly digest and export on dynalite', () => {
  const outDir = `${mkdtempSync(join(tmpdir(), 'alert-triage-export-'))}/`;

  it('stores feedback from the card, counts it in the digest and exports it as a corpus', async () => {
    // Prepare: week 2026-W47 (Mon 16 to Sun 22 November) and one triage the week before.
    await seed({
      n: 1,
      instanceId: 'i-0aaa1111bbbb22223',
      alarmAt: '2026-11-16T09:00:00.000Z',
      capture: STORM,
      okAfterMin: 10,
    });
    await seed({
      n: 2,
      instanceId: 'i-0aaa1111bbbb22223',
      alarmAt: '2026-11-18T09:00:00.000Z',
      capture: STORM,
      okAfterMin: 30,
    });
    await seed({
      n: 3,
      instanceId: 'i-0ccc3333dddd44445',
      alarmAt: '2026-11-22T23:50:00.000Z',
      capture: HEALTHY,
      target: { kind: 'auto-scaling-group', name: 'web-asg' },
    });
    await seed({
      n: 4,
      instanceId: 'i-0aaa1111bbbb22223',
      alarmAt: '2026-11-15T23:00:00.000Z',
      capture: STORM,
      okAfterMin: 5,
    });
    const clock = new FakeClock(new Date('2026-11-23T07:00:00Z'));
    const slack = slackApp(clock);

    // Act: the card's buttons, as Slack sends them (U2 changes their mind: the latest wins).
    const answers = [
      await slack.right('U0000000A1', 1),
      await slack.right('U0000000B2', 1),
      await slack.wrong('U0000000B2', 1, 'memory-creep'),
      await slack.wrong('U0000000A1', 2, 'healthy'),
      await slack.right('U0000000A1', 3),
      await slack.right('U0000000A1', 4),
    ];
    clock.at = new Date('2026-11-23T08:00:00Z');
    const notifier = new RecordingNotifier();
    const digest = await postWeeklyDigest({
      ...stores(),
      notifier,
      clock,
      logger: new MemoryLog(),
    });

    // Assess: stored with who, when and the capture judged
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(slack.replies[2]).toContain('it was memory-creep, not syscall-storm');
    const stored = await stores().feedback.feedbackOfWeek('2026-W47');
    expect(stored).toHaveLength(4);
    expect(stored.find((f) => f.triageId === idOf(1) && f.by === 'U0000000B2')).toEqual({
      triageId: idOf(1),
      instanceId: 'i-0aaa1111bbbb22223',
      commandId: commandOf(1),
      shownCause: 'syscall-storm',
      verdict: 'wrong',
      actualCause: 'memory-creep',
      by: 'U0000000B2',
      at: '2026-11-23T07:00:00.000Z',
      week: '2026-W47',
    });
    // … and counted in the digest of the week just ended (triage 4 is the week before)
    expect(notifier.digests).toEqual([digest]);
    expect(digest).toEqual({
      week: '2026-W47',
      from: '2026-11-16',
      to: '2026-11-23',
      triages: 3,
      resolved: 2,
      medianTimeToOkMs: 20 * MIN,
      feedback: 4,
      precision: [
        { cause: 'syscall-storm', right: 1, wrong: 2 },
        { cause: 'healthy', right: 1, wrong: 0 },
      ],
      recurrentTargets: [
        { target: { kind: 'instance', instanceId: 'i-0aaa1111bbbb22223' }, triages: 2 },
      ],
    });
    const message = renderWeeklyDigest(weeklyDigestView(digest));
    expect(JSON.stringify(message)).toContain('`syscall-storm`: 33% right (1 of 3)');
    expect(JSON.stringify(message)).toContain('median time to OK 20 min (2 resolved)');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('exports the judged captures, which the reader and the corpus loader read back', async () => {
    // Act
    const outcome = await exportCorpus(
      {
        since: new Date('2026-11-01T00:00:00Z'),
        now: new Date('2026-11-23T08:00:00Z'),
        table: table.name,
      },
      stores(),
    );
    const written = await cli(
      ['export', '--table', table.name, '--out', outDir, '--since', '2026-11-01'],
      '',
      {
        ...process.env,
        ...table.env,
      },
    );

    // Assess: triage 1's judges disagree; 2 was healthy, 3 healthy, 4 syscall-storm
    expect(outcome.skipped).toEqual([
      {
        triageId: idOf(1),
        commandId: commandOf(1),
        reason: 'the answers disagree (syscall-storm, memory-creep)',
      },
    ]);
    expect(outcome.files.map((f) => [f.label, f.name])).toEqual([
      ['healthy', `${idOf(2)}-i-0aaa1111bbbb22223-00000002.txt`],
      ['healthy', `${idOf(3)}-i-0ccc3333dddd44445-00000003.txt`],
      ['syscall-storm', `${idOf(4)}-i-0aaa1111bbbb22223-00000004.txt`],
    ]);
    // (stderr carries the AWS SDK's warning about Node 20, so only the exit code is checked.)
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('3 labelled captures written');
    const cases = folderCases(outDir, outDir);
    expect(cases.map((c) => c.label)).toEqual(['healthy', 'healthy', 'syscall-storm']);
    for (const c of cases) {
      expect(readFileSync(c.path, 'utf8')).toBe(
        outcome.files.find((f) => c.path.endsWith(`/${f.label}/${f.name}`))?.text,
      );
    }
    // The classifier reads each exported case as it read the capture stored.
    expect(cases.map((c) => runCase(c).predicted)).toEqual([
      'syscall-storm',
      'healthy',
      'syscall-storm',
    ]);
    const storm = readCapture(readFileSync(cases[2]?.path as string, 'utf8'));
    expect(storm.metadata.label).toBe('syscall-storm (the card said syscall-storm)');
    expect(storm.metadata.feedback).toBe('right by U0000000A1 at 2026-11-23T07:00:00.000Z');
    expect(storm.blocks.map((b) => [b.command, b.status])).toEqual(
      readCapture(STORM).blocks.map((b) => [b.command, b.status]),
    );
  });
});
