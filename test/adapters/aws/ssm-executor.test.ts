import '../../setup-aws.js';
import {
  GetCommandInvocationCommand,
  InvocationDoesNotExist,
  SendCommandCommand,
  SSMClient,
  ThrottlingException,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { clientConfig, MAX_ATTEMPTS } from '../../../functions/adapters/aws/clients.js';
import {
  captureCommands,
  HEREDOC_DELIMITER,
  SsmExecutor,
} from '../../../functions/adapters/aws/ssm-executor.js';
import captureScript from '../../../functions/capture-script/capture.sh';
import { AdapterError } from '../../../functions/triage/ports.js';
import { COMMAND_ID, commandInvocation, REGION, sendCommandOutput } from './responses.js';

const INSTANCE = 'i-0abc1234def567890';
// The instance, not the class: the retry test below needs a real SSMClient.
const client = new SSMClient({ region: REGION });
const ssm = mockClient(client);

const request = {
  triageId: 'tr-0123456789abcdef',
  instanceId: INSTANCE,
  seconds: 10,
  deep: 'auto' as const,
  comment: `alert-triage tr-0123456789abcdef ${'VeryLongAlarmName'.repeat(10)}`,
};

describe('SsmExecutor', () => {
  beforeEach(() => {
    ssm.reset();
  });

  it('sends the capture script through AWS-RunShellScript with bounded timeouts', async () => {
    // Prepare
    ssm.on(SendCommandCommand).resolves(sendCommandOutput(INSTANCE));
    const executor = new SsmExecutor({ client });

    // Act
    const sent = await executor.sendCapture(request);

    // Assess
    expect(sent).toEqual({
      commandId: COMMAND_ID,
      instanceId: INSTANCE,
      executionTimeoutSeconds: 55,
      deliveryTimeoutSeconds: 60,
    });
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [INSTANCE],
      TimeoutSeconds: 60,
    });
    const input = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input;
    expect(input?.Comment?.length).toBeLessThanOrEqual(100);
    expect(input?.Comment).toMatch(/^alert-triage tr-0123456789abcdef /);
    expect(input?.Parameters?.executionTimeout).toEqual(['55']);
    const commands = input?.Parameters?.commands ?? [];
    expect(commands[0]).toBe(
      `bash -s -- --seconds 10 --deep auto --output auto --instance-id ${INSTANCE} <<'${HEREDOC_DELIMITER}'`,
    );
    expect(commands.at(-1)).toBe(HEREDOC_DELIMITER);
    // SSM joins the list with newlines: the script arrives byte for byte.
    expect(`${commands.slice(1, -1).join('\n')}\n`).toBe(captureScript);
  });

  it('passes --strace-seconds and gives SSM time for strace and perf one after the other', async () => {
    // Prepare
    ssm.on(SendCommandCommand).resolves(sendCommandOutput(INSTANCE));
    const executor = new SsmExecutor({ client });

    // Act
    const sent = await executor.sendCapture({
      ...request,
      seconds: 30,
      deep: 'always',
      straceSeconds: 10,
    });

    // Assess: 30 s window + 2 × 10 s + 45 s slack
    expect(sent.executionTimeoutSeconds).toBe(95);
    const input = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input;
    expect(input?.Parameters?.commands?.[0]).toBe(
      `bash -s -- --seconds 30 --deep always --strace-seconds 10 --output auto --instance-id ${INSTANCE} <<'${HEREDOC_DELIMITER}'`,
    );
  });

  it('refuses options the script would refuse, before calling SSM', async () => {
    // Prepare
    const executor = new SsmExecutor({ client });

    // Act / Assess
    await expect(executor.sendCapture({ ...request, seconds: 600 })).rejects.toThrow(
      /seconds must be a whole number from 3 to 60/,
    );
    await expect(
      executor.sendCapture({ ...request, instanceId: 'i-0abc; reboot' }),
    ).rejects.toThrow(/instanceId must look like/);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('wraps a throttled SendCommand in an AdapterError with code throttled', async () => {
    // Prepare
    ssm.on(SendCommandCommand).rejects(
      new ThrottlingException({
        message: 'Rate exceeded',
        Message: 'Rate exceeded',
        $metadata: {},
      }),
    );
    const executor = new SsmExecutor({ client });

    // Act
    const error = await executor.sendCapture(request).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AdapterError);
    expect(error).toMatchObject({ code: 'throttled', name: 'AdapterError' });
    expect((error as AdapterError).cause).toBeInstanceOf(ThrottlingException);
  });

  it('wraps any other SendCommand error with code ssm_send_failed', async () => {
    // Prepare
    ssm
      .on(SendCommandCommand)
      .rejects(
        Object.assign(new Error('The document is too large'), { name: 'MaxDocumentSizeExceeded' }),
      );
    const executor = new SsmExecutor({ client });

    // Act / Assess
    await expect(executor.sendCapture(request)).rejects.toMatchObject({
      code: 'ssm_send_failed',
      message: expect.stringMatching(/MaxDocumentSizeExceeded/),
    });
  });

  it('reads an invocation’s status and output', async () => {
    // Prepare
    ssm.on(GetCommandInvocationCommand).resolves(
      commandInvocation({
        instanceId: INSTANCE,
        status: 'Failed',
        details: 'Failed',
        responseCode: 1,
        stdout: '# alert-triage capture v1\n',
        stderr: 'oops\n',
      }),
    );
    const executor = new SsmExecutor({ client });

    // Act
    const lookup = await executor.getInvocation(COMMAND_ID, INSTANCE);

    // Assess
    expect(ssm).toHaveReceivedCommandWith(GetCommandInvocationCommand, {
      CommandId: COMMAND_ID,
      InstanceId: INSTANCE,
    });
    expect(lookup).toEqual({
      found: true,
      invocation: {
        commandId: COMMAND_ID,
        instanceId: INSTANCE,
        status: 'Failed',
        end: 'failed',
        statusDetails: 'Failed',
        responseCode: 1,
        stdout: '# alert-triage capture v1\n',
        stderr: 'oops\n',
      },
    });
  });

  it('answers found: false for InvocationDoesNotExist, SSM’s eventual consistency', async () => {
    // Prepare
    ssm
      .on(GetCommandInvocationCommand)
      .rejects(new InvocationDoesNotExist({ message: '', $metadata: {} }));
    const executor = new SsmExecutor({ client });

    // Act / Assess
    await expect(executor.getInvocation(COMMAND_ID, INSTANCE)).resolves.toEqual({ found: false });
  });
});

describe('the SSM client', () => {
  it(`gives up after ${MAX_ATTEMPTS} tries when SSM keeps throttling`, async () => {
    // Prepare: a real client over an HTTP handler that always answers 400 ThrottlingException
    // (awsJson1_1 error body, as SSM sends it), counting the requests that reach it.
    let requests = 0;
    const real = new SSMClient(
      clientConfig({
        region: REGION,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        requestHandler: {
          handle: async () => {
            requests++;
            return {
              response: {
                statusCode: 400,
                reason: 'Bad Request',
                headers: {
                  'content-type': 'application/x-amz-json-1.1',
                  'x-amzn-requestid': `req-${requests}`,
                },
                body: new TextEncoder().encode(
                  JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
                ),
              },
            };
          },
        },
      }),
    );
    const executor = new SsmExecutor({ client: real, script: 'echo hi\n' });

    // Act
    const error = await executor.sendCapture(request).catch((e: unknown) => e);

    // Assess
    expect(requests).toBe(MAX_ATTEMPTS);
    expect(error).toMatchObject({ name: 'AdapterError', code: 'throttled' });
  }, 15_000);
});

describe('captureCommands', () => {
  it('refuses a script that would end its own here-document', () => {
    // Act / Assess
    expect(() => captureCommands(`echo a\n${HEREDOC_DELIMITER}\necho b\n`, [])).toThrow(
      /here-document delimiter/,
    );
  });

  it('refuses a script with a {{ }} that SSM would resolve as a parameter', () => {
    // Act / Assess
    expect(() => captureCommands('echo {{ssm:/secret}}\n', [])).toThrow(/\{\{/);
  });
});
