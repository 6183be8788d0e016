/**
 * The fixes themselves, over AWS: one call each, answering the request id the audit line
 * quotes. What to change was decided by the use case (`triage/remediate.ts`) from the stored
 * capture; IAM limits each call to resources carrying the opt-in tag (`lib/remediation.ts`).
 */
import { type EC2Client, ModifyInstanceCreditSpecificationCommand } from '@aws-sdk/client-ec2';
import {
  type ElasticBeanstalkClient,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { SendCommandCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { AdapterError, type RemedyActions, type RemedyReceipt } from '../../triage/ports.js';
import { ec2Client, elasticBeanstalkClient, ssmClient, wrapAwsError } from './clients.js';
import { RESTART_PARAMETERS } from './restart-document.js';

/** Beanstalk's namespace for environment properties (what the app sees as its environment). */
export const ENVIRONMENT_PROPERTIES = 'aws:elasticbeanstalk:application:environment';

/** SendCommand's Comment limit. */
const COMMENT_MAX = 100;

export interface AwsRemediesOptions {
  /** The stack's restart document (`RESTART_DOCUMENT_NAME`). */
  restartDocument: string;
  ec2?: EC2Client;
  elasticBeanstalk?: ElasticBeanstalkClient;
  ssm?: SSMClient;
}

const requestIdOf = (answer: { $metadata: { requestId?: string } }, call: string): string => {
  const id = answer.$metadata.requestId;
  if (!id) throw new AdapterError('remediation_failed', `${call} answered without a request id`);
  return id;
};

export class AwsRemedies implements RemedyActions {
  readonly #ec2: EC2Client;
  readonly #beanstalk: ElasticBeanstalkClient;
  readonly #ssm: SSMClient;
  readonly #restartDocument: string;

  constructor(options: AwsRemediesOptions) {
    this.#ec2 = options.ec2 ?? ec2Client();
    this.#beanstalk = options.elasticBeanstalk ?? elasticBeanstalkClient();
    this.#ssm = options.ssm ?? ssmClient();
    this.#restartDocument = options.restartDocument;
  }

  async switchToUnlimited(instanceId: string): Promise<RemedyReceipt> {
    const call = 'ModifyInstanceCreditSpecification';
    try {
      const answer = await this.#ec2.send(
        new ModifyInstanceCreditSpecificationCommand({
          InstanceCreditSpecifications: [{ InstanceId: instanceId, CpuCredits: 'unlimited' }],
        }),
      );
      // EC2 answers 200 with the instance under "unsuccessful" when it cannot change it.
      const refused = answer.UnsuccessfulInstanceCreditSpecifications?.[0]?.Error;
      if (refused) {
        throw new AdapterError(
          'remediation_failed',
          `${call} refused ${instanceId}: ${refused.Code}: ${refused.Message}`,
        );
      }
      return { call, requestId: requestIdOf(answer, call) };
    } catch (error) {
      throw wrapAwsError(error, 'remediation_failed', `${call} on ${instanceId}`);
    }
  }

  async setEnvironmentProperty(
    environment: string,
    name: string,
    value: string,
  ): Promise<RemedyReceipt> {
    const call = 'UpdateEnvironment';
    try {
      const answer = await this.#beanstalk.send(
        new UpdateEnvironmentCommand({
          EnvironmentName: environment,
          OptionSettings: [{ Namespace: ENVIRONMENT_PROPERTIES, OptionName: name, Value: value }],
        }),
      );
      return { call, requestId: requestIdOf(answer, call) };
    } catch (error) {
      throw wrapAwsError(error, 'remediation_failed', `${call} of ${environment}`);
    }
  }

  async restartUnit(instanceId: string, unit: string, comment: string): Promise<RemedyReceipt> {
    const call = 'SendCommand';
    try {
      const answer = await this.#ssm.send(
        new SendCommandCommand({
          DocumentName: this.#restartDocument,
          InstanceIds: [instanceId],
          Comment: comment.slice(0, COMMENT_MAX),
          Parameters: { [RESTART_PARAMETERS.unit]: [unit] },
        }),
      );
      const commandId = answer.Command?.CommandId;
      return {
        call,
        requestId: requestIdOf(answer, call),
        ...(commandId ? { commandId } : {}),
      };
    } catch (error) {
      throw wrapAwsError(error, 'remediation_failed', `${call} (restart ${unit}) to ${instanceId}`);
    }
  }
}
