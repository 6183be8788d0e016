/**
 * The triage card with everything issue 10 puts on it at once — what changed before the
 * alarm, the healthy peer, the history line, the feedback row and the fixes — still within
 * Block Kit's limits, for every real capture the tests hold.
 */
import { describe, expect, it } from 'vitest';
import { peerView } from '../../../functions/adapters/slack/card-views.js';
import { diagnose } from '../../../functions/core/diagnose.js';
import { comparePeer } from '../../../functions/core/peer/compare-peer.js';
import { checkBlockKitLimits } from '../../../functions/render/slack/limits.js';
import { renderTriageMessage } from '../../../functions/render/slack/messages.js';
import type { TriageView } from '../../../functions/render/slack/view.js';
import { loadFixture } from '../../helpers/fixtures.js';

const read = (path: string) => {
  const done = diagnose(loadFixture(path), { now: '2026-11-22T09:20:00.000Z' });
  if (!done.ok) throw new Error(done.error);
  return done.triage;
};

const CAPTURES = [
  'captures/seeds/seed-000-sick.txt',
  'captures/seeds/seed-004-jit-after-deploy.txt',
  'captures/seeds/seed-002-gunicorn-leak-t3micro.txt',
  'captures/corpus/syscall-storm/demo-signal-storm.txt',
];

const everything = (path: string): TriageView => {
  const triage = read(path);
  const peer = comparePeer(triage, read('captures/seeds/seed-000-healthy.txt'));
  return {
    triageId: 'tr-0123456789abcdef',
    alarm: {
      name: `a-very-long-alarm-name-${'x'.repeat(200)}`,
      region: 'us-east-1',
      reason: 'Threshold Crossed',
      changedAt: '2026-11-22T09:10:40.989Z',
    },
    instanceId: 'i-0abc1234def567890',
    triage,
    commandId: '0b6f1c2e-0000-4000-8000-000000000001',
    history: {
      target: 'web-prod',
      days: 30,
      seen: 41,
      causes: ['syscall-storm', 'memory-creep', 'jit-warmup', 'runaway-process', 'io-wait'].map(
        (cause, i) => ({ cause, count: 10 - i }),
      ),
      lastResolvedAfterMs: 18 * 60_000,
      lastRerun: { verdict: 'resolved', at: '2026-11-20T09:12:00.000Z' },
    },
    peer: {
      ...peerView(peer),
      differs: Array.from({ length: 40 }, (_, i) => ({
        label: `measure ${i} ${'m'.repeat(80)}`,
        sick: 's'.repeat(120),
        healthy: 'h'.repeat(120),
        reason: 'r'.repeat(300),
      })),
      same: Array.from({ length: 40 }, (_, i) => `same ${i} ${'q'.repeat(60)}`),
    },
    remedies: {
      instanceOrdinal: 0,
      offers: [
        { kind: 'unlimited-credits', reason: 'u'.repeat(400) },
        {
          kind: 'environment-setting',
          environment: 'web-prod',
          name: 'DD_PROFILING_ENABLED',
          value: 'false',
          reason: 'e'.repeat(400),
        },
        { kind: 'restart-unit', unit: 'web.service', reason: 'w'.repeat(400) },
      ],
    },
  };
};

describe('the triage card with every section', () => {
  it.each(CAPTURES)('stays within Block Kit limits for %s', (path) => {
    const message = renderTriageMessage(everything(path));

    expect(checkBlockKitLimits(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    // Nothing that matters was pushed out to make room: the fixes and the feedback stay.
    expect(text).toContain('remedy_');
    expect(text).toContain('feedback_right');
    expect(text).toContain('Seen 41 times on web-prod');
    expect(text).toContain('on the peer');
  });
});
