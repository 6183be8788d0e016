import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { AlertTriage, type AlertTriageProps } from './alert-triage.js';
import { controlTowerValidator } from './control-tower.js';

export interface AlertTriageStackProps extends StackProps {
  /**
   * The construct's settings.
   * @default - the construct's defaults
   */
  readonly triage?: AlertTriageProps;
  /**
   * Run cdk-nag's AwsSolutions checks when the app synthesizes (a violation fails the synth).
   * cdk-nag v3 registers on the enclosing Stage (the App here), so the checks cover every stack
   * in it.
   * @default true
   */
  readonly nagChecks?: boolean;
  /**
   * Run AWS Control Tower's proactive controls (cfn-guard rules, through
   * `@cdklabs/cdk-validator-cfnguard`) on the synthesized template; an unacknowledged finding
   * fails the synth, as the controls would fail the deployment in an account that enforces them.
   * Like cdk-nag, it registers on the enclosing Stage.
   * @default true
   */
  readonly controlTowerChecks?: boolean;
}

/**
 * One {@link AlertTriage} in a stack of its own, checked against cdk-nag's AwsSolutions rules and
 * Control Tower's proactive controls. Every acknowledged finding is acknowledged, with its
 * reason, in the construct that made the choice (`AlertTriage`, `TriageFunction`, …), so the
 * construct passes the same checks in any stack.
 */
export class AlertTriageStack extends Stack {
  readonly triage: AlertTriage;

  constructor(scope: Construct, id: string, props: AlertTriageStackProps = {}) {
    super(scope, id, {
      description: 'alert-triage: names the cause of EC2 CPU and memory alarms',
      ...props,
    });
    this.triage = new AlertTriage(this, 'AlertTriage', props.triage);
    if (props.nagChecks ?? true) {
      Validations.of(this).addPlugins(new AwsSolutionsChecks(this, { verbose: true }));
    }
    if (props.controlTowerChecks ?? true) {
      Validations.of(this).addPlugins(controlTowerValidator());
    }
  }
}
