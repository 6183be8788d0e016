import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadSlackConfig } from '../../functions/config.js';

const ENV = { SLACK_CHANNEL_ID: 'C0123456789', SLACK_SIGNING_SECRET: 'e0c1b5f1a7d94e2c' };

/** The message of the ConfigError `load` throws. */
const problemOf = (load: () => unknown): string => {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no ConfigError');
};

describe('loadSlackConfig', () => {
  it('reads the channel, the allow-list, the workspace and the signing secret', () => {
    // Act
    const config = loadSlackConfig({
      ...ENV,
      SLACK_ALLOWED_USERS: ' U0AAAAAAA, W0BBBBBBB ,',
      SLACK_TEAM_ID: 'T0123456789',
    });

    // Assess
    expect(config).toEqual({
      channelId: 'C0123456789',
      allowedUsers: ['U0AAAAAAA', 'W0BBBBBBB'],
      teamId: 'T0123456789',
      signingSecret: { value: 'e0c1b5f1a7d94e2c' },
    });
  });

  it('leaves the allow-list unset when it is empty', () => {
    // Act
    const config = loadSlackConfig({ ...ENV, SLACK_ALLOWED_USERS: ' , ' });

    // Assess
    expect(config).not.toHaveProperty('allowedUsers');
  });

  it('takes the signing secret’s Secrets Manager id when the value itself is not set', () => {
    // Act
    const config = loadSlackConfig({
      SLACK_CHANNEL_ID: 'G0123456789',
      SLACK_SIGNING_SECRET: '',
      SLACK_SIGNING_SECRET_ID: 'alert-triage/slack-signing',
    });

    // Assess
    expect(config.signingSecret).toEqual({ secretId: 'alert-triage/slack-signing' });
  });

  it('refuses a comma-separated SLACK_CHANNEL_ID, naming the problem (issue 9)', () => {
    // Act
    const message = problemOf(() =>
      loadSlackConfig({ ...ENV, SLACK_CHANNEL_ID: 'C0123456789,C0987654321' }),
    );

    // Assess
    expect(message).toMatch(/SLACK_CHANNEL_ID: must be one channel id/);
    expect(message).toContain('comma-separated list is not supported');
  });

  it.each([
    ['C12345678', true],
    ['C1234567', false],
    ['G12345678', true],
    ['D12345678', false],
    ['c12345678', false],
  ])('takes %s as a channel id: %s', (channel, valid) => {
    // Act
    const load = () => loadSlackConfig({ ...ENV, SLACK_CHANNEL_ID: channel });

    // Assess
    if (valid) expect(load().channelId).toBe(channel);
    else expect(problemOf(load)).toContain('SLACK_CHANNEL_ID');
  });

  it('names every missing or wrong variable at once', () => {
    // Act
    const message = problemOf(() =>
      loadSlackConfig({ SLACK_ALLOWED_USERS: '@alice', SLACK_TEAM_ID: 'acme' }),
    );

    // Assess
    expect(message).toContain('SLACK_CHANNEL_ID: must name the channel the cards go to');
    expect(message).toContain('SLACK_ALLOWED_USERS: must list user ids');
    expect(message).toContain('SLACK_TEAM_ID: must be a team id');
    expect(message).toContain('SLACK_SIGNING_SECRET_ID: must name the secret');
  });
});

describe('loadConfig’s SLACK_CHANNEL_ID (the functions that post)', () => {
  it('refuses a comma-separated list instead of failing every post with channel_not_found', () => {
    // Act
    const message = problemOf(() =>
      loadConfig({ TABLE_NAME: 'triage', SLACK_CHANNEL_ID: 'C0123456789, C0987654321' }),
    );

    // Assess
    expect(message).toMatch(/SLACK_CHANNEL_ID: must be one channel id/);
  });
});
