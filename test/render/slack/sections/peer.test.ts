import { describe, expect, it } from 'vitest';
import { peerView, triageView } from '../../../../functions/adapters/slack/card-views.js';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { classify, type Triage } from '../../../../functions/core/classify.js';
import { comparePeer, type PeerComparison } from '../../../../functions/core/peer/compare-peer.js';
import type { SectionBlock } from '../../../../functions/render/slack/blocks.js';
import { checkBlockKitLimits } from '../../../../functions/render/slack/limits.js';
import { renderTriageMessage } from '../../../../functions/render/slack/messages.js';
import { peerSection } from '../../../../functions/render/slack/sections/peer.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { cpuAlarm, INSTANCE } from '../../../triage/fakes.js';

const TRIAGE_ID = 'tr-0123456789abcdef';

const seed = (side: 'sick' | 'healthy'): Triage =>
  classify(readCapture(loadFixture(`captures/seeds/seed-000-${side}.txt`)));

const textOf = (blocks: ReturnType<typeof peerSection>) =>
  blocks.map((b) => (b as SectionBlock).text?.text ?? '').join('\n');

/** A comparison with far more, and far longer, rows than any card can hold. */
const longComparison = (): PeerComparison => ({
  sick: { host: 'ip-172-31-0-84', cause: 'syscall-storm', confidence: 0.9 },
  healthy: { host: 'ip-172-31-13-94', cause: 'healthy', confidence: 0.85 },
  rows: Array.from({ length: 120 }, (_, i) => ({
    area: 'environment' as const,
    label: `JAVA_TOOL_OPTIONS_${i}`,
    verdict: i % 2 === 0 ? ('differs' as const) : ('same' as const),
    sick: `-javaagent:/opt/dd-java-agent.jar ${'-Xflag '.repeat(60)}`,
    healthy: '(unset)',
    reason: 'the flag is set differently: a setting one away from the fix '.repeat(4),
  })),
  notCompared: Array.from({ length: 30 }, (_, i) => `measure ${i}: only the sick capture shows it`),
  summary: 'differs: …',
});

describe('peerSection', () => {
  it('shows what differs on seed 000 first, then one line of what is the same', () => {
    // Act
    const text = textOf(peerSection(peerView(comparePeer(seed('sick'), seed('healthy')))));

    // Assess
    expect(text).toMatch(/^\*Against ip-172-31-13-94 \(inconclusive\)\*/);
    expect(text).toMatch(
      /• \*system CPU \(perf\)\*: 12% of samples here, 0% of samples on the peer/,
    );
    expect(text).toMatch(/• \*rt_sigreturn\*: 29% of syscall time here/);
    expect(text.indexOf('rt_sigreturn')).toBeLessThan(text.indexOf('_Same on the healthy peer:_'));
    expect(text).toMatch(/_Same on the healthy peer:_ failed calls, signals traced/);
  });

  it('shows 8 differing rows and counts the rest', () => {
    const differs = Array.from({ length: 12 }, (_, i) => ({
      label: `flag ${i}`,
      sick: 'on',
      healthy: 'off',
      reason: 'set differently',
    }));

    const text = textOf(peerSection({ cause: 'healthy', differs, same: [], notCompared: 0 }));

    expect(text).toMatch(/flag 7\*/);
    expect(text).not.toMatch(/flag 8\*/);
    expect(text).toMatch(/\n… 4 more differ$/);
  });

  it('adds nothing to the card without a peer', () => {
    expect(peerSection(undefined)).toEqual([]);
  });

  it('keeps the card within Block Kit limits with a long comparison', () => {
    // Prepare
    const view = triageView({
      triageId: TRIAGE_ID,
      alarm: cpuAlarm(),
      instanceId: INSTANCE,
      triage: seed('sick'),
      peer: longComparison(),
    });

    // Act
    const message = renderTriageMessage(view);

    // Assess
    expect(checkBlockKitLimits(message)).toEqual([]);
    const peer = textOf(message.blocks.filter((b) => b.type === 'section'))
      .split('\n')
      .filter((l) => l.startsWith('*Against') || l.startsWith('• *JAVA') || l.startsWith('… '));
    expect(peer[0]).toBe('*Against ip-172-31-13-94 (healthy)*');
    // The section's 3,000 characters run out before the 8 rows it would show: cut, and counted.
    expect(peer.at(-1)).toMatch(/^… \d+ more$/);
  });

  it('maps the notice’s comparison: differing rows whole, the same ones by label', () => {
    const view = peerView(longComparison());

    expect(view.differs).toHaveLength(60);
    expect(view.same[0]).toBe('JAVA_TOOL_OPTIONS_1');
    expect(view.notCompared).toBe(30);
    expect(view.host).toBe('ip-172-31-13-94');
  });
});
