import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config.js';

describe('loadConfig', () => {
  it('fills in the defaults the CDK may leave out', () => {
    // Act
    const config = loadConfig({
      TABLE_NAME: 'AlertTriage-TriageTable-1A2B3C4D',
      CAPTURE_DOCUMENT_NAME: 'AlertTriage-CaptureDocument-1A2B3C4D',
    });

    // Assess
    expect(config).toEqual({
      tableName: 'AlertTriage-TriageTable-1A2B3C4D',
      captureDocument: 'AlertTriage-CaptureDocument-1A2B3C4D',
      hottest: 3,
      capture: { seconds: 10, deep: 'auto' },
      optIn: { key: 'alert-triage:enabled', value: 'true' },
      cooldownSeconds: 600,
      stormWindowSeconds: 600,
      capturePeer: true,
      serviceName: 'alert-triage',
    });
  });

  it('reads every variable, an empty one counting as unset', () => {
    // Act
    const config = loadConfig({
      TABLE_NAME: 'triage',
      CAPTURE_DOCUMENT_NAME: 'capture',
      HOTTEST_N: '5',
      CAPTURE_SECONDS: '20',
      CAPTURE_DEEP: 'always',
      OPT_IN_TAG_KEY: 'team:triage',
      OPT_IN_TAG_VALUE: 'yes',
      SLACK_CHANNEL_ID: 'C0123456789',
      POWERTOOLS_SERVICE_NAME: '',
    });

    // Assess
    expect(config).toEqual({
      tableName: 'triage',
      captureDocument: 'capture',
      hottest: 5,
      capture: { seconds: 20, deep: 'always' },
      optIn: { key: 'team:triage', value: 'yes' },
      cooldownSeconds: 600,
      stormWindowSeconds: 600,
      capturePeer: true,
      slackChannelId: 'C0123456789',
      serviceName: 'alert-triage',
    });
  });

  it('names every variable that is wrong', () => {
    // Act
    let error: unknown;
    try {
      loadConfig({ HOTTEST_N: 'three', CAPTURE_SECONDS: '600', CAPTURE_DEEP: 'sometimes' });
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'config_invalid' });
    const message = (error as Error).message;
    for (const name of [
      'TABLE_NAME',
      'CAPTURE_DOCUMENT_NAME',
      'HOTTEST_N',
      'CAPTURE_SECONDS',
      'CAPTURE_DEEP',
    ]) {
      expect(message).toContain(name);
    }
  });
});
