import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify } from '../../../functions/core/classify.js';
import { ACTION_IDS } from '../../../functions/render/slack/actions.js';
import type { ActionsBlock, StaticSelectElement } from '../../../functions/render/slack/blocks.js';
import { checkBlockKitLimits } from '../../../functions/render/slack/limits.js';
import { renderTriageMessage } from '../../../functions/render/slack/messages.js';
import { renderWeeklyDigest } from '../../../functions/render/slack/weekly-digest.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { cpuAlarm, INSTANCE } from '../../triage/fakes.js';

const TRIAGE_ID = 'tr-0123456789abcdef';
const capturesRoot = fileURLToPath(new URL('../../fixtures/captures/', import.meta.url));
const ALL_CAPTURES = (readdirSync(capturesRoot, { recursive: true }) as string[])
  .filter((p) => p.endsWith('.txt'))
  .sort();

const card = (path: string, triageId = TRIAGE_ID, interactive = true) =>
  renderTriageMessage(
    {
      triageId,
      alarm: cpuAlarm(),
      instanceId: INSTANCE,
      triage: classify(readCapture(loadFixture(`captures/${path}`)), {
        now: '2026-11-22T10:00:00Z',
      }),
      commandId: '5b1e7a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
    },
    {},
    { interactive, status: ':white_check_mark: *resolved at 10:42 UTC after 17 min*' },
  );

const feedbackRow = (blocks: ReturnType<typeof card>['blocks']) =>
  blocks.find(
    (b): b is ActionsBlock =>
      b.type === 'actions' && b.elements.some((e) => e.action_id === ACTION_IDS.feedbackRight),
  );

describe('the feedback row of a diagnosis card', () => {
  it('ends the card: "Right cause" with the triage id, a menu of every other cause', () => {
    // Act
    const { blocks } = card('seeds/seed-000-sick.txt');

    // Assess
    const row = feedbackRow(blocks);
    expect(blocks.at(-1)).toBe(row);
    expect(row?.elements[0]).toMatchObject({ action_id: 'feedback_right', value: TRIAGE_ID });
    const menu = row?.elements[1] as StaticSelectElement;
    expect(menu.options.map((o) => o.value)).toEqual(
      [
        'credit-exhaustion',
        'memory-creep',
        'runaway-process',
        'jit-warmup',
        'io-wait',
        'cpu-steal',
        'healthy',
        'inconclusive',
      ].map((c) => `${TRIAGE_ID}:${c}`),
    );
  });

  it('is absent without buttons (a webhook) and on a malformed triage id', () => {
    expect(feedbackRow(card('seeds/seed-000-sick.txt', TRIAGE_ID, false).blocks)).toBeUndefined();
    expect(feedbackRow(card('seeds/seed-000-sick.txt', 'tr-nope').blocks)).toBeUndefined();
  });

  it.each(ALL_CAPTURES)('keeps the card with every section within Block Kit limits: %s', (path) => {
    const message = card(path);

    expect(checkBlockKitLimits(message)).toEqual([]);
    expect(feedbackRow(message.blocks)).toBeDefined();
  });
});

describe('checkBlockKitLimits on a menu', () => {
  const menu = (options: number, value: string): ActionsBlock => ({
    type: 'actions',
    elements: [
      {
        type: 'static_select',
        action_id: 'm',
        placeholder: { type: 'plain_text', text: 'pick' },
        options: Array.from({ length: options }, () => ({
          text: { type: 'plain_text' as const, text: 'x' },
          value,
        })),
      },
    ],
  });

  it('takes 100 options of 150 characters and refuses 101, or 151 characters', () => {
    const at = (n: number, v: number) =>
      checkBlockKitLimits({ text: 't', blocks: [menu(n, 'v'.repeat(v))] });

    expect(at(100, 150)).toEqual([]);
    expect(at(101, 1)).toEqual(['blocks[0] (actions) elements[0]: 101 options, not 1 to 100']);
    expect(at(1, 151)).toEqual([
      'blocks[0] (actions) elements[0] options[0] value: 151 characters, over 150',
    ]);
  });
});

describe('renderWeeklyDigest', () => {
  it('says when there was no feedback and no OK, within limits', () => {
    const message = renderWeeklyDigest({
      week: '2026-W47',
      from: '2026-11-16',
      to: '2026-11-23',
      triages: 1,
      resolved: 0,
      feedback: 0,
      precision: [],
      recurrentTargets: [],
    });

    expect(message.text).toBe('alert-triage, week 2026-W47: 1 triage, no alarm went back to OK');
    expect(JSON.stringify(message.blocks)).toContain('no feedback on this week’s cards');
    expect(checkBlockKitLimits(message)).toEqual([]);
  });
});
