import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { RESTART_UNIT } from '../../functions/core/remedy/offers.js';
import { actionsOf, logicalId, statementsOf, synth } from './synth.js';

const SLACK = {
  slackChannelId: 'C0123456789',
  slackSecret: 'alert-triage/slack',
  slackSigningSecret: 'alert-triage/slack-signing',
};

const REMEDY_ACTIONS = [
  'ec2:ModifyInstanceCreditSpecification',
  'elasticbeanstalk:UpdateEnvironment',
  'cloudformation:UpdateStack',
  'autoscaling:SuspendProcesses',
  's3:PutObject',
];

const allActions = (template: Template): string[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Record<string, unknown>[]).flatMap(actionsOf),
  );

describe('remediation in the stack', { timeout: 60_000 }, () => {
  // Prepare (once)
  const off = synth({ triage: SLACK });
  const on = synth({ triage: { ...SLACK, remediation: { approvers: ['U0AAAAAAA1'] } } });
  const slackFunction = on.stack.triage.slackFunction;
  if (!slackFunction) throw new Error('the Slack function exists with a signing secret');
  const slackRoleId = logicalId(on.stack, slackFunction.serviceRole);

  it('exists nowhere in the template unless enabled: no permission, no document, no setting', () => {
    // Act
    const actions = allActions(off.template);
    const documents = Object.values(off.template.findResources('AWS::SSM::Document'));

    // Assess
    for (const action of REMEDY_ACTIONS) expect(actions).not.toContain(action);
    expect(documents).toHaveLength(1);
    expect(JSON.stringify(off.template.toJSON())).not.toMatch(
      /REMEDIATION_APPROVERS|RESTART_DOCUMENT_NAME|systemctl restart/,
    );
  });

  it('adds the restart document, which restarts one unit whose name SSM holds to a pattern', () => {
    // Act
    const documents = Object.values(on.template.findResources('AWS::SSM::Document'));
    const restart = documents.find((d) => JSON.stringify(d).includes('systemctl restart'));

    // Assess
    expect(documents).toHaveLength(2);
    const content = restart?.Properties.Content;
    expect(Object.keys(content.parameters)).toEqual(['unit']);
    expect(content.parameters.unit.allowedPattern).toBe(RESTART_UNIT.source);
    expect(content.mainSteps[0].inputs.runCommand).toEqual([
      "systemctl restart -- '{{ unit }}'",
      "systemctl is-active -- '{{ unit }}'",
    ]);
  });

  it('lets only the Slack function change instances and environments, and only tagged ones', () => {
    // Act
    const statements = statementsOf(on.template, slackRoleId);
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid);
    const others = [on.stack.triage.alarmFunction, on.stack.triage.captureDoneFunction].flatMap(
      (fn) => statementsOf(on.template, logicalId(on.stack, fn.serviceRole)).flatMap(actionsOf),
    );

    // Assess
    const tagged = { StringEquals: { 'aws:ResourceTag/alert-triage:enabled': 'true' } };
    expect(bySid('UnlimitedCreditsOnOptedInInstances')?.Condition).toEqual(tagged);
    expect(bySid('UpdateOptedInEnvironments')?.Condition).toEqual(tagged);
    expect(JSON.stringify(bySid('UpdateOptedInEnvironments')?.Resource)).toContain(
      ':environment/*/*',
    );
    expect(JSON.stringify(bySid('SendRestartDocument')?.Resource)).toContain(':document/');
    // The instances SendCommand may reach stay the tagged ones (the capture document's grant).
    expect(bySid('SendToOptedInInstances')?.Condition).toEqual({
      StringEquals: { 'ssm:resourceTag/alert-triage:enabled': 'true' },
    });
    for (const action of REMEDY_ACTIONS) expect(others).not.toContain(action);
  });

  it('gives the approvers to the Slack function and the card maker, the document to the Slack function', () => {
    // Act
    const resources = on.template.toJSON().Resources;
    const envOf = (fn: typeof slackFunction) =>
      resources[logicalId(on.stack, fn)].Properties.Environment.Variables;
    const slackEnv = envOf(slackFunction);
    const captureDoneEnv = envOf(on.stack.triage.captureDoneFunction);
    const alarmEnv = envOf(on.stack.triage.alarmFunction);

    // Assess
    expect(slackEnv.REMEDIATION_APPROVERS).toBe('U0AAAAAAA1');
    expect(slackEnv.RESTART_DOCUMENT_NAME).toEqual({
      Ref: expect.stringMatching(/RestartDocument/),
    });
    expect(captureDoneEnv.REMEDIATION_APPROVERS).toBe('U0AAAAAAA1');
    expect(alarmEnv.REMEDIATION_APPROVERS).toBeUndefined();
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(on.app);

    // Assess
    expect(report.violations).toEqual([]);
  });

  it('refuses remediation without the Slack buttons or without an approver', () => {
    // Act / Assess
    expect(() => synth({ triage: { remediation: { approvers: ['U0AAAAAAA1'] } } })).toThrow(
      /remediation needs the Slack buttons/,
    );
    expect(() => synth({ triage: { ...SLACK, remediation: { approvers: [] } } })).toThrow(
      /approvers must list Slack user ids/,
    );
    expect(() => synth({ triage: { ...SLACK, remediation: { approvers: ['alice'] } } })).toThrow(
      /approvers must list Slack user ids/,
    );
  });
});
