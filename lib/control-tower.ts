/**
 * AWS Control Tower's proactive controls, as `@cdklabs/cdk-validator-cfnguard` runs them on every
 * synthesized template (the cfn-guard binary it ships, no network). A finding that cannot apply
 * is acknowledged with `Validations.of(construct).acknowledge` beside the code that made the
 * choice, under the id below: CDK matches it to the plugin's rule name and the construct path.
 */
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The plugin's name, which CDK uses as the namespace of its rule ids. */
const PLUGIN = 'cdk-validator-cfnguard';

/** The guard rules this stack may have to acknowledge, by what they ask for. */
export const CONTROL_TOWER_RULES = {
  /** CT.CLOUDWATCH.PR.3: a log group encrypted with a customer managed KMS key. */
  logGroupEncrypted: 'cloudwatch_log_group_encrypted_check',
  /** CT.LAMBDA.PR.3: a function inside a customer VPC. */
  lambdaInsideVpc: 'lambda_inside_vpc_check',
  /** CT.LAMBDA.PR.2: no permission that lets anyone invoke the function. */
  lambdaNotPublic: 'lambda_function_public_access_prohibited_check',
  /** CT.LAMBDA.PR.5: a Function URL with IAM authentication. */
  lambdaUrlIamAuth: 'lambda_function_url_auth_check',
} as const;

export type ControlTowerRule = (typeof CONTROL_TOWER_RULES)[keyof typeof CONTROL_TOWER_RULES];

/**
 * The validation plugin with the bundled Control Tower rules, its findings marked as errors.
 * The plugin (0.0.62) gives them no severity, and once any rule is acknowledged anywhere in the
 * app CDK (2.276) counts a report whose remaining findings have none as a success: a new finding
 * would then be printed but would not fail the synth.
 */
export const controlTowerValidator = (): IPolicyValidationPlugin => {
  const guard = new CfnGuardValidator();
  return {
    name: guard.name,
    version: guard.version,
    ruleIds: guard.ruleIds,
    validate: (context) => {
      const report = guard.validate(context);
      return {
        ...report,
        violations: report.violations.map((violation) => ({ ...violation, severity: 'error' })),
      };
    },
  };
};

/** Acknowledges a Control Tower finding on `scope` and everything below it, with the reason. */
export const acknowledgeControl = (scope: IConstruct, rule: ControlTowerRule, reason: string) =>
  Validations.of(scope).acknowledge({ id: `${PLUGIN}::${rule}`, reason });
