/** jit-warmup with what changed before the alarm (issue 10, item 4; seed 004: right after a deploy). */
import { describe, expect, it } from 'vitest';
import { RECENT_CHANGE_SECONDS } from '../../../../functions/core/causes/jit-warmup/changes.js';
import { jitWarmup } from '../../../../functions/core/causes/jit-warmup/index.js';
import type { Change, Facts, ThreadFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

const ALARM = '2026-11-22T09:11:00Z';
const TOP_H = 'top -b -H -n 2 -d 1 -p 4242';
const EB = 'aws elasticbeanstalk describe-events --environment-name notification-prod';

const thread = (tid: number, name: string, cpuPercent: number): ThreadFacts => ({
  pid: 4242,
  tid,
  name,
  cpuPercent,
  source: TOP_H,
});

const secondsBeforeAlarm = (seconds: number): string =>
  new Date(Date.parse(ALARM) - seconds * 1000).toISOString();

const deploy = (seconds: number): Change => ({
  at: secondsBeforeAlarm(seconds),
  kind: 'deploy',
  what: 'app-v42: New application version was deployed to running EC2 instances.',
  source: EB,
});

/** A hot C2 in a JVM of unknown age: 0.7 without a change. */
const facts = (over: Partial<Facts>): Facts =>
  makeFacts({
    alarmAt: ALARM,
    capturedAt: '2026-11-22T09:12:03Z',
    runtimes: [{ pid: 4242, runtime: 'jvm', profilers: [] }],
    processes: [proc({ pid: 4242, name: 'java', cpuPercent: 180 })],
    threads: [thread(4251, 'C2 CompilerThre', 85), thread(4300, 'task-1', 3)],
    ...over,
  });

const judge = (f: Facts) => diagnosisOf(jitWarmup.judge(f));

describe('jitWarmup after a change', () => {
  it('gains confidence from a deploy just inside the window, not just outside it', () => {
    // Act
    const inside = judge(facts({ changes: [deploy(RECENT_CHANGE_SECONDS - 1)] }));
    const outside = judge(facts({ changes: [deploy(RECENT_CHANGE_SECONDS + 1)] }));
    const none = judge(facts({}));

    // Assess
    expect(none.confidence).toBe(0.7);
    expect(outside.confidence).toBe(0.7);
    expect(inside.confidence).toBe(0.8);
    expect(inside.evidence).toContainEqual({
      source: EB,
      text: 'deploy (app-v42: New application version was deployed to running EC2 instances.) 10 min before the alarm',
    });
    expect(outside.evidence.some((e) => e.source === EB)).toBe(false);
  });

  it('counts the JVM’s start when it came before the alarm, not after it', () => {
    // Prepare
    const start = (at: string): Change => ({
      at,
      kind: 'process-start',
      what: 'java (pid 4242) started',
      pid: 4242,
      source: 'ps',
    });

    // Act
    const startedBefore = judge(facts({ changes: [start(secondsBeforeAlarm(60))] }));
    const startedAfter = judge(facts({ changes: [start(secondsBeforeAlarm(-60))] }));

    // Assess: a JVM restarted after the alarm is young, but did not cause it.
    expect(startedBefore.confidence).toBe(0.8);
    expect(startedBefore.evidence).toContainEqual({
      source: 'ps',
      text: 'JVM start 60 s before the alarm',
    });
    expect(startedAfter.confidence).toBe(0.7);
  });

  it('does not count the JVM’s start when the alarm’s time is unknown: that is its age', () => {
    // Act
    const d = judge(
      facts({
        alarmAt: undefined,
        changes: [
          {
            at: '2026-11-22T09:10:05Z',
            kind: 'process-start',
            what: 'java',
            pid: 4242,
            source: 'ps',
          },
        ],
      }),
    );

    // Assess
    expect(d.confidence).toBe(0.7);
  });

  it('leaves an old JVM’s recompilation alone: the deploy did not restart it', () => {
    // Act
    const d = judge(
      facts({
        processes: [proc({ pid: 4242, name: 'java', cpuPercent: 180, ageSeconds: 6 * 3600 })],
        changes: [deploy(300)],
      }),
    );

    // Assess
    expect(d.confidence).toBe(0.5);
    expect(d.evidence.some((e) => e.source === EB)).toBe(false);
  });
});
