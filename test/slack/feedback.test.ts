import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  FEEDBACK_CAUSES,
  readFeedbackOption,
} from '../../functions/render/slack/actions.js';
import type { ButtonClick } from '../../functions/slack/interaction.js';
import { readInteraction } from '../../functions/slack/interaction.js';
import { feedbackRight, feedbackWrong } from '../../functions/slack/listeners/feedback.js';
import { REPLIES } from '../../functions/slack/replies.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import { blockActionsPayload, formBody } from '../helpers/slack-request.js';
import { cpuAlarm, FakeClock, INSTANCE, MemoryLog, MemoryStore } from '../triage/fakes.js';
import { MemoryFeedbackStore } from '../triage/feedback-fakes.js';

const TRIAGE_ID = 'tr-0123456789abcdef';
const COMMAND = '11111111-2222-4333-8444-555555555555';
const RERUN = '66666666-2222-4333-8444-555555555555';

const record = (overrides: Partial<TriageRecord> = {}): TriageRecord => ({
  triageId: TRIAGE_ID,
  transitionKey: 'k',
  alarm: cpuAlarm(),
  targets: [{ kind: 'instance', instanceId: INSTANCE }],
  instances: [{ instanceId: INSTANCE, commandId: COMMAND, status: 'capturing' }],
  startedAt: '2026-11-22T09:10:45.000Z',
  status: 'capturing',
  seconds: 10,
  deep: 'auto',
  ...overrides,
});

const diagnosed = (commandId: string, cause: 'syscall-storm' | 'healthy') => ({
  triageId: TRIAGE_ID,
  instanceId: INSTANCE,
  commandId,
  ssmStatus: 'Success',
  ssmStatusDetails: '',
  finishedAt: '2026-11-22T09:11:00.000Z',
  outcome: 'diagnosed' as const,
  diagnosis: { cause, confidence: 0.9, headline: cause, diagnoses: [], ruledOut: [], missing: [] },
});

const world = async (r: TriageRecord = record()) => {
  const store = new MemoryStore();
  await store.saveTriage(r);
  await store.saveResult(diagnosed(COMMAND, 'syscall-storm'));
  const feedback = new MemoryFeedbackStore();
  const deps = { store, feedback, clock: new FakeClock(), logger: new MemoryLog() };
  return { store, feedback, deps };
};

const click = (actionId: string, value: string | undefined): ButtonClick => ({
  actionId,
  ...(value === undefined ? {} : { value }),
  userId: 'U0000000A1',
  channelId: 'C0TRIAGE01',
  responseUrl: 'http://127.0.0.1/r',
});

describe('the "Wrong cause" menu value', () => {
  it.each([
    [`${TRIAGE_ID}:memory-creep`, { triageId: TRIAGE_ID, cause: 'memory-creep' }],
    [`${TRIAGE_ID}:inconclusive`, { triageId: TRIAGE_ID, cause: 'inconclusive' }],
    [`${TRIAGE_ID}:memory-creep:x`, undefined],
    [`${TRIAGE_ID}:rm -rf /`, undefined],
    [`${TRIAGE_ID}:`, undefined],
    [`tr-0123456789abcdeg:healthy`, undefined],
    [TRIAGE_ID, undefined],
    [':healthy', undefined],
    [undefined, undefined],
  ])('reads %s as %j', (value, read) => {
    expect(readFeedbackOption(value)).toEqual(read);
  });

  it('offers every cause the classifier names, healthy and inconclusive included', () => {
    expect(FEEDBACK_CAUSES).toHaveLength(9);
  });
});

describe('a static_select choice in a block_actions payload', () => {
  it('arrives as the click’s value', () => {
    // Prepare
    const payload = blockActionsPayload();
    payload.actions = [
      {
        action_id: ACTION_IDS.feedbackWrong,
        type: 'static_select',
        selected_option: {
          text: { type: 'plain_text', text: 'healthy' },
          value: `${TRIAGE_ID}:healthy`,
        },
      } as unknown as (typeof payload.actions)[number],
    ];

    // Act
    const interaction = readInteraction(formBody(payload));

    // Assess
    expect(interaction).toMatchObject({
      kind: 'click',
      click: { actionId: ACTION_IDS.feedbackWrong, value: `${TRIAGE_ID}:healthy` },
    });
  });
});

describe('the feedback listeners', () => {
  it('records "Right cause" on the newest diagnosed capture, with who and when', async () => {
    // Prepare: a rerun whose result is not in yet; the card still shows the first diagnosis.
    const { deps, feedback } = await world(
      record({
        instances: [
          { instanceId: INSTANCE, commandId: COMMAND, status: 'capturing' },
          { instanceId: INSTANCE, commandId: RERUN, status: 'capturing' },
        ],
      }),
    );

    // Act
    const reply = await feedbackRight(deps)(click(ACTION_IDS.feedbackRight, TRIAGE_ID));

    // Assess
    expect(reply).toBe(REPLIES.feedbackRight('syscall-storm'));
    expect([...feedback.feedback.values()]).toEqual([
      {
        triageId: TRIAGE_ID,
        instanceId: INSTANCE,
        commandId: COMMAND,
        shownCause: 'syscall-storm',
        verdict: 'right',
        by: 'U0000000A1',
        at: '2026-11-22T09:12:30.000Z',
        week: '2026-W47',
      },
    ]);
  });

  it('keeps only a person’s latest word on a triage', async () => {
    const { deps, feedback } = await world();

    await feedbackRight(deps)(click(ACTION_IDS.feedbackRight, TRIAGE_ID));
    await feedbackWrong(deps)(click(ACTION_IDS.feedbackWrong, `${TRIAGE_ID}:healthy`));

    expect([...feedback.feedback.values()]).toMatchObject([
      { verdict: 'wrong', actualCause: 'healthy' },
    ]);
  });

  it('takes the shown cause chosen in the "wrong" menu as "right"', async () => {
    const { deps, feedback } = await world();

    await feedbackWrong(deps)(click(ACTION_IDS.feedbackWrong, `${TRIAGE_ID}:syscall-storm`));

    expect([...feedback.feedback.values()][0]).not.toHaveProperty('actualCause');
    expect([...feedback.feedback.values()][0]?.verdict).toBe('right');
  });

  it.each([
    [ACTION_IDS.feedbackRight, `${TRIAGE_ID}:healthy`],
    [ACTION_IDS.feedbackRight, undefined],
    [ACTION_IDS.feedbackWrong, TRIAGE_ID],
    [ACTION_IDS.feedbackWrong, `${TRIAGE_ID}:i-0abc1234def567890`],
  ])('stores nothing for %s with the value %s', async (actionId, value) => {
    const { deps, feedback } = await world();
    const listener = actionId === ACTION_IDS.feedbackRight ? feedbackRight : feedbackWrong;

    const reply = await listener(deps)(click(actionId, value));

    expect(reply).toBe(REPLIES.expired);
    expect(feedback.feedback.size).toBe(0);
  });

  it('records nothing on a fleet’s card, whose diagnosis is not one capture', async () => {
    const { deps, feedback } = await world(
      record({
        instances: [
          { instanceId: INSTANCE, commandId: COMMAND, status: 'capturing' },
          { instanceId: 'i-0fff1234def567890', commandId: RERUN, status: 'capturing' },
        ],
      }),
    );

    const reply = await feedbackRight(deps)(click(ACTION_IDS.feedbackRight, TRIAGE_ID));

    expect(reply).toBe(REPLIES.feedbackFleet);
    expect(feedback.feedback.size).toBe(0);
  });

  it('says so when the triage is unknown or has no diagnosis yet', async () => {
    const { deps } = await world(
      record({ instances: [{ instanceId: INSTANCE, commandId: RERUN, status: 'capturing' }] }),
    );

    const noDiagnosis = await feedbackRight(deps)(click(ACTION_IDS.feedbackRight, TRIAGE_ID));
    const unknown = await feedbackRight(deps)(
      click(ACTION_IDS.feedbackRight, 'tr-ffffffffffffffff'),
    );

    expect([noDiagnosis, unknown]).toEqual([REPLIES.feedbackNoDiagnosis, REPLIES.expired]);
  });
});
