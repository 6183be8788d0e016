import { describe, expect, it } from 'vitest';
import type { TriageRecord } from '../../functions/triage/model.js';
import { MAX_TARGETS, median, postWeeklyDigest } from '../../functions/triage/weekly-digest.js';
import { cpuAlarm, FakeClock, MemoryLog, MemoryStore, RecordingNotifier } from './fakes.js';
import { MemoryFeedbackStore } from './feedback-fakes.js';

let serial = 0;
const triage = (instanceId: string, startedAt = '2026-11-18T10:00:00.000Z'): TriageRecord => {
  serial += 1;
  return {
    triageId: `tr-${String(serial).padStart(16, '0')}`,
    transitionKey: `k${serial}`,
    alarm: cpuAlarm({ changedAt: startedAt }),
    targets: [{ kind: 'instance', instanceId }],
    instances: [],
    startedAt,
    status: 'capturing',
    seconds: 10,
    deep: 'auto',
  };
};

const digestOf = async (records: TriageRecord[]) => {
  const store = new MemoryStore();
  const feedback = new MemoryFeedbackStore();
  for (const r of records) {
    await store.saveTriage(r);
    feedback.index(r);
  }
  const notifier = new RecordingNotifier();
  return postWeeklyDigest({
    store,
    feedback,
    notifier,
    clock: new FakeClock(new Date('2026-11-23T08:00:00Z')),
    logger: new MemoryLog(),
  });
};

describe('the weekly digest', () => {
  it('names a target triaged twice and not one triaged once', async () => {
    const digest = await digestOf([
      triage('i-0aaaaaaaaaaaaaaa1'),
      triage('i-0aaaaaaaaaaaaaaa1'),
      triage('i-0bbbbbbbbbbbbbbb2'),
    ]);

    expect(digest.recurrentTargets).toEqual([
      { target: { kind: 'instance', instanceId: 'i-0aaaaaaaaaaaaaaa1' }, triages: 2 },
    ]);
  });

  it(`names at most ${MAX_TARGETS} targets, the most triaged first`, async () => {
    const ids = Array.from({ length: MAX_TARGETS + 1 }, (_, i) => `i-0${i}${'c'.repeat(15)}`);
    const digest = await digestOf([
      ...ids.flatMap((id) => [triage(id), triage(id)]),
      triage(ids[MAX_TARGETS] as string),
    ]);

    expect(digest.recurrentTargets.map((t) => t.triages)).toEqual([3, 2, 2, 2, 2]);
  });

  it('counts only the week that ended before the digest runs', async () => {
    const digest = await digestOf([
      triage('i-0aaaaaaaaaaaaaaa1', '2026-11-15T23:59:59.000Z'),
      triage('i-0aaaaaaaaaaaaaaa1', '2026-11-16T00:00:00.000Z'),
      triage('i-0aaaaaaaaaaaaaaa1', '2026-11-23T00:00:00.000Z'),
    ]);

    expect([digest.week, digest.triages]).toEqual(['2026-W47', 1]);
  });
});

describe('median', () => {
  it.each([
    [[], undefined],
    [[5], 5],
    [[30, 10], 20],
    [[30, 10, 20], 20],
  ])('of %j is %s', (values, m) => {
    expect(median(values)).toBe(m);
  });
});
