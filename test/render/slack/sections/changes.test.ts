/**
 * Issue 10, item 4 — "a deploy 5 minutes before the alarm shown and used by the JIT rule":
 * seed 004's capture with the AWS context the capture-done function appends, through
 * `diagnose` as the function calls it, onto the card and the terminal.
 */
import { describe, expect, it } from 'vitest';
import type { Triage } from '../../../../functions/core/classify.js';
import { diagnose } from '../../../../functions/core/diagnose.js';
import type { SectionBlock } from '../../../../functions/render/slack/blocks.js';
import { checkBlockKitLimits } from '../../../../functions/render/slack/limits.js';
import { renderTriageMessage } from '../../../../functions/render/slack/messages.js';
import { changesSection } from '../../../../functions/render/slack/sections/changes.js';
import { renderTriage } from '../../../../functions/render/terminal.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { cpuAlarm, INSTANCE } from '../../../triage/fakes.js';

const ALARM = '2026-11-22T09:11:00Z';

/** The context as the adapter appends it: blocks only (the fixture's `# source:` lines dropped). */
const context = loadFixture('captures/seeds/seed-004-changes-context.txt')
  .split('\n')
  .filter((l) => !l.startsWith('# source:'))
  .join('\n');

/** Seed 004 as the function reads it (the alarm's time and the context), or as pasted alone. */
const seed004 = (asTheFunctionReadsIt: boolean): Triage => {
  const read = diagnose(loadFixture('captures/seeds/seed-004-jit-after-deploy.txt'), {
    now: '2026-11-22T09:12:30Z',
    ...(asTheFunctionReadsIt ? { alarmAt: ALARM, context } : {}),
  });
  if (!read.ok) throw new Error(read.error);
  return read.triage;
};

const card = (triage: Triage) =>
  renderTriageMessage({
    triageId: 'tr-0123456789abcdef',
    alarm: cpuAlarm({ changedAt: ALARM }),
    instanceId: INSTANCE,
    triage,
  });

const textOf = (blocks: readonly { type: string }[]) =>
  blocks
    .filter((b): b is SectionBlock => b.type === 'section')
    .map((b) => b.text?.text ?? '')
    .join('\n');

describe('seed 004 with the deploy 5 minutes before the alarm', () => {
  it('names jit-warmup with the deploy as evidence, surer than without it', () => {
    // Act
    const withDeploy = seed004(true);
    const without = seed004(false);

    // Assess
    expect(withDeploy.cause).toBe('jit-warmup');
    expect(without.confidence).toBe(0.9);
    expect(withDeploy.confidence).toBe(0.95);
    expect(withDeploy.diagnoses[0]?.evidence).toContainEqual({
      source: expect.stringMatching(/^aws elasticbeanstalk describe-events/),
      text: 'deploy (app-v42: New application version was deployed to running EC2 instances.) 5 min before the alarm',
    });
  });

  it('shows what changed on the card, as context and not as the cause, within Block Kit limits', () => {
    // Act
    const message = card(seed004(true));
    const text = textOf(message.blocks);

    // Assess
    expect(text).toContain('*Changed before the alarm* _(context, not the cause)_');
    expect(text).toContain(
      '• 09:06 UTC deploy: app-v42: New application version was deployed to running EC2 instances. — 5 min before',
    );
    expect(text).toContain(
      '• 09:05 UTC API call: UpdateEnvironment on notification-prod (by deploy-bot) — 5 min before',
    );
    expect(text).toContain('• 09:10 UTC process start: java (pid 2817) started');
    // Read-only calls and health transitions are not changes.
    expect(text).not.toContain('DescribeEvents');
    expect(text).not.toContain('health has transitioned');
    expect(message.blocks[0]?.type).toBe('header');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('prints the same section in the terminal, after the fixes', () => {
    // Act
    const out = renderTriage(seed004(true), { color: false });

    // Assess
    expect(out).toMatch(/Fixes[\s\S]*Changed before the alarm \(context, not the cause\)/);
    expect(out).toContain('09:06 UTC deploy: app-v42');
  });
});

describe('changesSection', () => {
  it('adds nothing when nothing changed before the alarm', () => {
    // Prepare: the JVM started at 09:10:05, after this alarm.
    const facts = seed004(false).facts;

    // Act + Assess
    expect(facts.changes).toHaveLength(1);
    expect(changesSection(facts, '2026-11-22T09:10:00Z')).toEqual([]);
    expect(changesSection({ ...facts, changes: undefined }, ALARM)).toEqual([]);
  });

  it('stays within one section with 200 changes, the newest shown and the rest counted', () => {
    // Prepare
    const facts = {
      ...seed004(false).facts,
      changes: Array.from({ length: 200 }, (_, i) => ({
        at: new Date(Date.parse(ALARM) - (200 - i) * 30_000).toISOString(),
        kind: 'api-call' as const,
        what: `ModifyInstanceAttribute on ${'i-0abc1234def567890,'.repeat(20)}`,
        by: 'x'.repeat(300),
        source: 'aws cloudtrail lookup-events',
      })),
    };

    // Act
    const blocks = changesSection(facts, ALARM);

    // Assess
    expect(blocks).toHaveLength(1);
    expect(checkBlockKitLimits({ text: 'x', blocks })).toEqual([]);
    expect(textOf(blocks)).toMatch(/… \d+ (?:earlier|more)/);
  });
});
