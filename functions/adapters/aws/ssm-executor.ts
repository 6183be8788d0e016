/**
 * Sends the capture through SSM Run Command (the stack's own capture document, see
 * `capture-document.ts`) and reads one invocation's result. API shapes: botocore
 * `ssm/2014-11-06/service-2.json` (`SendCommand`, `GetCommandInvocation`); see
 * `docs/reference/aws-slack-facts.md` §2.
 */
import {
  GetCommandInvocationCommand,
  type GetCommandInvocationCommandOutput,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { captureArgs } from '../../capture-script/options.js';
import type {
  CaptureRequest,
  Executor,
  InvocationLookup,
  SentCapture,
} from '../../triage/ports.js';
import { AdapterError } from '../../triage/ports.js';
import { CAPTURE_PARAMETERS } from './capture-document.js';
import { errorName, ssmClient, wrapAwsError } from './clients.js';
import { invocationEnd } from './ssm-status.js';

/** SendCommand's `Comment` limit. */
export const COMMENT_MAX = 100;
/**
 * Delivery timeout: how long SSM may try to hand the command to the agent before it gives up
 * with `Delivery Timed Out`. 30 is SendCommand's minimum; a minute covers an agent that is
 * slow to poll without leaving a triage hanging.
 */
export const DELIVERY_TIMEOUT_SECONDS = 60;
/**
 * Beyond the sampling window and the deep probe's traces: the rest of the deep probe, process
 * start-up on a loaded host.
 */
const EXECUTION_SLACK_SECONDS = 45;

/**
 * The sampling window, then (with `--strace-seconds`) strace and perf one after the other for
 * that long each, then the slack.
 */
export const executionTimeoutFor = (seconds: number, straceSeconds = 0): number =>
  seconds + 2 * straceSeconds + EXECUTION_SLACK_SECONDS;

export interface SsmExecutorOptions {
  client?: SSMClient;
  /** The stack's capture document (`CAPTURE_DOCUMENT_NAME`): the only one the role may send. */
  documentName: string;
}

export class SsmExecutor implements Executor {
  readonly #client: SSMClient;
  readonly #documentName: string;

  constructor(options: SsmExecutorOptions) {
    this.#client = options.client ?? ssmClient();
    this.#documentName = options.documentName;
  }

  async sendCapture(request: CaptureRequest): Promise<SentCapture> {
    const { instanceId, seconds, deep, straceSeconds, pid } = request;
    // The document's patterns refuse a bad value too, but only after a round trip, as a
    // generic InvalidParameters: the script's own rules catch it here, naming the value.
    captureArgs({
      seconds,
      deep,
      ...(straceSeconds !== undefined ? { straceSeconds } : {}),
      ...(pid !== undefined ? { pid } : {}),
      output: 'auto',
      instanceId,
    });
    const executionTimeoutSeconds = executionTimeoutFor(seconds, straceSeconds);
    const parameters: Record<string, string[]> = {
      [CAPTURE_PARAMETERS.seconds]: [String(seconds)],
      [CAPTURE_PARAMETERS.deep]: [deep],
      ...(straceSeconds !== undefined
        ? { [CAPTURE_PARAMETERS.straceSeconds]: [String(straceSeconds)] }
        : {}),
      ...(pid !== undefined ? { [CAPTURE_PARAMETERS.pid]: [String(pid)] } : {}),
      [CAPTURE_PARAMETERS.executionTimeout]: [String(executionTimeoutSeconds)],
    };
    try {
      const response = await this.#client.send(
        new SendCommandCommand({
          DocumentName: this.#documentName,
          InstanceIds: [instanceId],
          Comment: request.comment.slice(0, COMMENT_MAX),
          TimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
          Parameters: parameters,
        }),
      );
      const commandId = response.Command?.CommandId;
      if (!commandId) {
        throw new AdapterError('ssm_send_failed', 'SendCommand answered without a CommandId');
      }
      return {
        commandId,
        instanceId,
        executionTimeoutSeconds,
        deliveryTimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
      };
    } catch (error) {
      throw wrapAwsError(error, 'ssm_send_failed', `SendCommand to ${instanceId}`);
    }
  }

  async getInvocation(commandId: string, instanceId: string): Promise<InvocationLookup> {
    let response: GetCommandInvocationCommandOutput;
    try {
      response = await this.#client.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
      );
    } catch (error) {
      // SSM is eventually consistent: right after SendCommand the invocation may not exist yet.
      if (errorName(error) === 'InvocationDoesNotExist') return { found: false };
      throw wrapAwsError(
        error,
        'ssm_get_invocation_failed',
        `GetCommandInvocation ${commandId} on ${instanceId}`,
      );
    }
    return {
      found: true,
      invocation: {
        commandId,
        instanceId,
        status: response.Status ?? '',
        end: invocationEnd(response.Status ?? '', response.StatusDetails ?? ''),
        statusDetails: response.StatusDetails ?? '',
        responseCode: response.ResponseCode ?? -1,
        stdout: response.StandardOutputContent ?? '',
        stderr: response.StandardErrorContent ?? '',
      },
    };
  }
}
