import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WEEKLY_DIGEST_INPUT } from '../../functions/triage/weekly-digest.js';
import { logicalId, synth } from './synth.js';

describe('the weekly digest rule', { timeout: 60_000 }, () => {
  it('invokes the capture-done function on Mondays at 08:00 UTC with the digest input', () => {
    // Act (synth runs cdk-nag and the Control Tower rules: a finding would throw)
    const { stack, template } = synth();

    // Assess
    const captureDone = logicalId(stack, stack.triage.captureDoneFunction);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [captureDone, 'Arn'] },
          Input: JSON.stringify(WEEKLY_DIGEST_INPUT),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
    expect(JSON.stringify(WEEKLY_DIGEST_INPUT)).toBe('{"alertTriage":"weekly-digest"}');
  });
});
