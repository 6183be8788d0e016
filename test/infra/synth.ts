/** Synthesizing the stack in tests, and reading what it made. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';
import { AlertTriageStack, type AlertTriageStackProps } from '../../lib/alert-triage-stack.js';
import { PROJECT_ROOT } from '../../lib/triage-function.js';

const CDK_JSON = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

/** An app with cdk.json's feature flags that bundles nothing (the template does not need it). */
export const testApp = (): App =>
  new App({ context: { ...CDK_JSON.context, 'aws:cdk:bundling-stacks': [] } });

/**
 * The stack as `cdk synth` builds it (same feature flags, from cdk.json, with cdk-nag and the
 * Control Tower rules: an unacknowledged finding throws here), without bundling: the template
 * does not depend on the bundles, and the CLI test bundles once for real.
 */
export const synth = (
  props?: AlertTriageStackProps,
  extend?: (stack: AlertTriageStack) => void,
) => {
  const app = testApp();
  const stack = new AlertTriageStack(app, 'AlertTriage', props);
  extend?.(stack);
  return { app, stack, template: Template.fromStack(stack) };
};

/** The logical id of a CloudFormation resource, or of a construct's own resource. */
export const logicalId = (stack: Stack, construct: IConstruct): string =>
  stack.getLogicalId(
    CfnElement.isCfnElement(construct) ? construct : (construct.node.defaultChild as CfnElement),
  );

/** The statements of the one policy attached to `roleId`. */
export const statementsOf = (template: Template, roleId: string): Record<string, unknown>[] => {
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    }),
  );
  expect(policies).toHaveLength(1);
  return policies[0]?.Properties.PolicyDocument.Statement;
};

export const actionsOf = (statement: Record<string, unknown>): string[] =>
  ([] as string[]).concat(statement.Action as string | string[]);

/**
 * What statements allow, one `action resource [condition]` line per pair, sorted: the same
 * whichever way CDK merged and ordered them (`@aws-cdk/aws-iam:minimizePolicies`).
 */
export const permissionsOf = (statements: Record<string, unknown>[]): string[] =>
  statements
    .flatMap((s) =>
      actionsOf(s).flatMap((action) =>
        ([] as unknown[])
          .concat(s.Resource)
          .map((resource) =>
            [action, JSON.stringify(resource), s.Condition ? JSON.stringify(s.Condition) : '']
              .join(' ')
              .trim(),
          ),
      ),
    )
    .sort();

interface ReportedViolation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
}

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: ReportedViolation[];
    suppressedViolations?: (ReportedViolation & { reason: string })[];
  }[];
}

/** The validation report CDK wrote when the app synthesized (`validation-report.json`). */
export const validationReport = (app: App): ValidationReport =>
  JSON.parse(readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8'));

/** `rule construct/path` for every finding a plugin reported, acknowledged or not. */
export const findingsOf = (
  report: ValidationReport,
  plugin: string,
  which: 'open' | 'acknowledged',
) =>
  report.pluginReports
    .filter((p) => p.pluginName === plugin)
    .flatMap((p) => (which === 'open' ? p.violations : (p.suppressedViolations ?? [])))
    .flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} ${c.constructPath}`))
    .sort();
