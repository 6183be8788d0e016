import { describe, expect, it } from 'vitest';
import { readInteraction } from '../../functions/slack/interaction.js';
import { blockActionsPayload, formBody } from '../helpers/slack-request.js';

describe('readInteraction', () => {
  it('reads the click of Slack’s own block_actions sample', () => {
    // Act
    const interaction = readInteraction(formBody(blockActionsPayload()));

    // Assess
    expect(interaction).toEqual({
      kind: 'click',
      click: {
        actionId: 'WaXA',
        value: 'click_me_123',
        userId: 'UA8RXUSPL',
        teamId: 'T9TK3CUKW',
        channelId: 'CBR2V3XEX',
        responseUrl: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
      },
    });
  });

  it('falls back to the user’s team and the container’s channel', () => {
    // Prepare
    const payload: Record<string, unknown> = { ...blockActionsPayload(), team: null };
    delete payload.channel;

    // Act
    const interaction = readInteraction(formBody(payload));

    // Assess
    expect(interaction).toMatchObject({
      kind: 'click',
      click: { teamId: 'T9TK3CUKW', channelId: 'CBR2V3XEX' },
    });
  });

  it('passes on a payload that is not a button click', () => {
    // Act / Assess
    expect(readInteraction(formBody({ type: 'view_submission' }))).toEqual({
      kind: 'other',
      type: 'view_submission',
    });
  });

  it.each([
    ['no payload field', 'command=%2Ftriage'],
    ['a payload that is not JSON', 'payload=%7B'],
    ['a payload without a type', formBody({ actions: [] })],
    ['a click without actions', formBody({ ...blockActionsPayload(), actions: [] })],
    ['a click without a user', formBody({ ...blockActionsPayload(), user: undefined })],
    ['a click without a response_url', formBody({ ...blockActionsPayload(), response_url: 1 })],
  ])('calls %s malformed', (_, body) => {
    // Act / Assess
    expect(readInteraction(body)).toMatchObject({ kind: 'malformed' });
  });
});
