import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify } from '../../../functions/core/classify.js';
import { type RemedyOffer, remedyOffers } from '../../../functions/core/remedy/offers.js';
import { ACTION_IDS, readRemedyValue } from '../../../functions/render/slack/actions.js';
import type { ActionsBlock, Block, ButtonElement } from '../../../functions/render/slack/blocks.js';
import { checkBlockKitLimits } from '../../../functions/render/slack/limits.js';
import { renderTriageMessage } from '../../../functions/render/slack/messages.js';
import { CONFIRM_LIMITS } from '../../../functions/render/slack/sections/remedies.js';
import type { TriageView } from '../../../functions/render/slack/view.js';
import { seed000Sick } from '../../helpers/remedy-captures.js';

const TRIAGE_ID = 'tr-0123456789abcdef';
const INSTANCE = 'i-0b1c2d3e4f5a60718';

const ALL_OFFERS: RemedyOffer[] = [
  { kind: 'unlimited-credits', reason: 'credit exhaustion on t2.micro in standard mode' },
  {
    kind: 'environment-setting',
    environment: `api-prod-${'x'.repeat(30)}`,
    name: 'DD_PROFILING_ENABLED',
    value: 'false',
    reason: 'syscall storm with DD_PROFILING_ENABLED on',
  },
  { kind: 'restart-unit', unit: 'web.service', reason: `runaway-process: ${'spin '.repeat(800)}` },
];

const view = (offers?: RemedyOffer[], instanceOrdinal = 0): TriageView => ({
  triageId: TRIAGE_ID,
  alarm: {
    name: 'web-prod-cpu',
    region: 'us-east-1',
    reason: 'Threshold Crossed',
    changedAt: '2026-11-22T09:10:40Z',
  },
  instanceId: INSTANCE,
  triage: classify(readCapture(seed000Sick())),
  commandId: '0b6f1c2e-0000-4000-8000-000000000001',
  ...(offers ? { remedies: { instanceOrdinal, offers } } : {}),
});

const fixButtons = (blocks: Block[]) =>
  blocks
    .filter((b): b is ActionsBlock => b.type === 'actions')
    .flatMap((b) => b.elements)
    .filter((e): e is ButtonElement => e.type === 'button' && e.action_id.startsWith('remedy_'));

describe('the fixes section of the triage card', () => {
  it('renders no fix and no fix button when remediation is off (no remedies in the view)', () => {
    // Act
    const message = renderTriageMessage(view());

    // Assess
    expect(fixButtons(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).not.toContain('Fixes alert-triage can apply');
  });

  it('puts a confirmation dialog on every fix button, within Block Kit’s limits', () => {
    // Act
    const buttons = fixButtons(renderTriageMessage(view(ALL_OFFERS)).blocks);

    // Assess
    expect(buttons.map((b) => b.action_id)).toEqual([
      ACTION_IDS.remedyUnlimited,
      ACTION_IDS.remedySetting,
      ACTION_IDS.remedyRestart,
    ]);
    for (const b of buttons) {
      expect(b.confirm).toMatchObject({
        title: { type: 'plain_text' },
        text: { type: 'plain_text' },
        confirm: { type: 'plain_text', text: 'Apply' },
        deny: { type: 'plain_text', text: 'Cancel' },
      });
      const c = b.confirm;
      if (!c) throw new Error('a fix button without a confirmation dialog');
      expect(c.title.text.length).toBeLessThanOrEqual(CONFIRM_LIMITS.title);
      expect(c.text.text.length).toBeLessThanOrEqual(CONFIRM_LIMITS.text);
    }
    expect(buttons[1]?.text.text).toMatch(/^Set DD_PROFILING_ENABLED=false on api-prod-x+/);
  });

  it('carries only the triage id and the instance’s place in each button’s value', () => {
    // Act
    const buttons = fixButtons(renderTriageMessage(view(ALL_OFFERS, 2)).blocks);

    // Assess
    for (const b of buttons) {
      expect(b.value).toBe(`${TRIAGE_ID}:2`);
      expect(readRemedyValue(b.value)).toEqual({ triageId: TRIAGE_ID, instanceOrdinal: 2 });
    }
    expect(readRemedyValue(`${TRIAGE_ID}:${INSTANCE}`)).toBeUndefined();
    expect(readRemedyValue('tr-0123456789abcdef:100')).toBeUndefined();
  });

  it('keeps the card with every section and every fix within Block Kit’s limits', () => {
    // Act
    const message = renderTriageMessage(view(ALL_OFFERS));

    // Assess
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('offers seed 000’s fix on its card, from the diagnosis alone', () => {
    // Prepare
    const v = view();

    // Act
    const buttons = fixButtons(
      renderTriageMessage({
        ...v,
        remedies: { instanceOrdinal: 0, offers: remedyOffers(v.triage) },
      }).blocks,
    );

    // Assess
    expect(buttons.map((b) => b.text.text)).toEqual(['Set DD_PROFILING_ENABLED=false on api-prod']);
  });
});
