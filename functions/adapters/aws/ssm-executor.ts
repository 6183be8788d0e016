/**
 * Runs the capture script through SSM Run Command (`AWS-RunShellScript`) and reads one
 * invocation's result. API shapes: botocore `ssm/2014-11-06/service-2.json` (`SendCommand`,
 * `GetCommandInvocation`); see `docs/reference/aws-slack-facts.md` §2.
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
import { errorName, ssmClient, wrapAwsError } from './clients.js';
import { invocationEnd } from './ssm-status.js';

export const DOCUMENT_NAME = 'AWS-RunShellScript';
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
/** The script is fed to bash on stdin; this word must not be a line of the script. */
export const HEREDOC_DELIMITER = 'ALERT_TRIAGE_CAPTURE_SCRIPT_END';

const loadBundledScript = async (): Promise<string> =>
  (await import('../../capture-script/capture.sh')).default;

/**
 * The `commands` parameter: `bash -s -- ARGS` with the script on stdin, as the CLI runs it
 * locally. The agent writes the lines into `_script.sh` and runs it with `sh -c` (the
 * `aws:runShellScript` plugin: aws/amazon-ssm-agent `agent/plugins/runscript` tests set
 * `ScriptName = "_script.sh"`, `ShellCommand = "sh"`, `ShellArguments = ["-c"]`), so the wrapper
 * is plain POSIX sh (dash on Ubuntu); the quoted here-document passes the script through
 * untouched, and the script's exit code becomes the invocation's. SendCommand can refuse with
 * `MaxDocumentSizeExceeded` ("The size limit of a document is 64 KB"); whether parameter values
 * count toward it is not documented, and the ~26 kB script stays well under it either way.
 */
export const captureCommands = (script: string, args: readonly string[]): string[] => {
  if (script.split('\n').some((line) => line.trim() === HEREDOC_DELIMITER)) {
    throw new Error(`the capture script contains the here-document delimiter ${HEREDOC_DELIMITER}`);
  }
  // SSM resolves `{{ … }}` in parameter values (Parameter Store references): refuse them.
  if (script.includes('{{')) throw new Error('the capture script contains "{{"');
  return [
    `bash -s -- ${args.join(' ')} <<'${HEREDOC_DELIMITER}'`,
    ...script.replace(/\n$/, '').split('\n'),
    HEREDOC_DELIMITER,
  ];
};

/**
 * The sampling window, then (with `--strace-seconds`) strace and perf one after the other for
 * that long each, then the slack.
 */
export const executionTimeoutFor = (seconds: number, straceSeconds = 0): number =>
  seconds + 2 * straceSeconds + EXECUTION_SLACK_SECONDS;

export interface SsmExecutorOptions {
  client?: SSMClient;
  /** The script text; defaults to `capture.sh` as bundled. */
  script?: string;
}

export class SsmExecutor implements Executor {
  readonly #client: SSMClient;
  readonly #script: string | undefined;

  constructor(options: SsmExecutorOptions = {}) {
    this.#client = options.client ?? ssmClient();
    this.#script = options.script;
  }

  async sendCapture(request: CaptureRequest): Promise<SentCapture> {
    const { instanceId, seconds, deep, straceSeconds } = request;
    // Validates every value (digits, fixed words, the instance id) before they reach a shell.
    const args = captureArgs({
      seconds,
      deep,
      ...(straceSeconds !== undefined ? { straceSeconds } : {}),
      output: 'auto',
      instanceId,
    });
    const script = this.#script ?? (await loadBundledScript());
    const executionTimeoutSeconds = executionTimeoutFor(seconds, straceSeconds);
    try {
      const response = await this.#client.send(
        new SendCommandCommand({
          DocumentName: DOCUMENT_NAME,
          InstanceIds: [instanceId],
          Comment: request.comment.slice(0, COMMENT_MAX),
          TimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
          Parameters: {
            commands: captureCommands(script, args),
            executionTimeout: [String(executionTimeoutSeconds)],
          },
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
