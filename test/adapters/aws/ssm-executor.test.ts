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
import { CAPTURE_PARAMETER_PATTERNS } from '../../../functions/adapters/aws/capture-document.js';
import { clientConfig, MAX_ATTEMPTS } from '../../../functions/adapters/aws/clients.js';
import { executionTimeoutFor, SsmExecutor } from '../../../functions/adapters/aws/ssm-executor.js';
import {
  MAX_SECONDS,
  MAX_STRACE_SECONDS,
  MIN_SECONDS,
} from '../../../functions/capture-script/options.js';
import { AdapterError } from '../../../functions/triage/ports.js';
import { COMMAND_ID, commandInvocation, REGION, sendCommandOutput } from './responses.js';

const INSTANCE = 'i-0abc1234def567890';
const DOCUMENT = 'AlertTriage-CaptureDocument-1A2B3C4D';
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

  it('sends the stack’s capture document with its parameters and bounded timeouts', async () => {
    // Prepare
    ssm.on(SendCommandCommand).resolves(sendCommandOutput(INSTANCE));
    const executor = new SsmExecutor({ client, documentName: DOCUMENT });

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
    const input = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input;
    expect(input).toEqual({
      DocumentName: DOCUMENT,
      InstanceIds: [INSTANCE],
      Comment: expect.stringMatching(/^alert-triage tr-0123456789abcdef /),
      TimeoutSeconds: 60,
      // Every value a string in a list, as SendCommand takes them; no straceSeconds or pid:
      // the document's defaults (2 s, the hottest process) apply.
      Parameters: { seconds: ['10'], deep: ['auto'], executionTimeout: ['55'] },
    });
    expect(input?.Comment?.length).toBe(100);
  });

  it('passes straceSeconds and pid and gives SSM time for strace and perf one after the other', async () => {
    // Prepare
    ssm.on(SendCommandCommand).resolves(sendCommandOutput(INSTANCE));
    const executor = new SsmExecutor({ client, documentName: DOCUMENT });

    // Act
    const sent = await executor.sendCapture({
      ...request,
      seconds: 30,
      deep: 'always',
      straceSeconds: 10,
      pid: 4_194_304,
    });

    // Assess: 30 s window + 2 × 10 s + 45 s slack
    expect(sent.executionTimeoutSeconds).toBe(95);
    expect(ssm.commandCalls(SendCommandCommand)[0]?.args[0].input.Parameters).toEqual({
      seconds: ['30'],
      deep: ['always'],
      straceSeconds: ['10'],
      pid: ['4194304'],
      executionTimeout: ['95'],
    });
  });

  it.each([
    [{ seconds: 600 }, /seconds must be a whole number from 3 to 60/],
    [{ seconds: 2 }, /seconds must be a whole number from 3 to 60/],
    [{ straceSeconds: 21 }, /straceSeconds must be a whole number from 2 to 20/],
    [{ pid: 4_194_305 }, /pid must be a whole number from 1 to 4194304/],
    [{ pid: 0 }, /pid must be a whole number/],
    [{ deep: 'sometimes' as 'auto' }, /deep must be one of auto, never, always/],
    [{ instanceId: 'i-0abc; reboot' }, /instanceId must look like/],
  ])('refuses %j, as the script would, before calling SSM', async (change, message) => {
    // Prepare
    const executor = new SsmExecutor({ client, documentName: DOCUMENT });

    // Act / Assess
    await expect(executor.sendCapture({ ...request, ...change })).rejects.toThrow(message);
    expect(ssm).toHaveReceivedCommandTimes(SendCommandCommand, 0);
  });

  it('asks only for execution timeouts the capture document accepts', () => {
    // Act
    const shortest = executionTimeoutFor(MIN_SECONDS);
    const longest = executionTimeoutFor(MAX_SECONDS, MAX_STRACE_SECONDS);

    // Assess
    expect([shortest, longest]).toEqual([48, 145]);
    for (const timeout of [shortest, longest]) {
      expect(String(timeout)).toMatch(new RegExp(CAPTURE_PARAMETER_PATTERNS.executionTimeout));
    }
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
    const executor = new SsmExecutor({ client, documentName: DOCUMENT });

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
    const executor = new SsmExecutor({ client, documentName: DOCUMENT });

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
    const executor = new SsmExecutor({ client, documentName: DOCUMENT });

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
    const executor = new SsmExecutor({ client, documentName: DOCUMENT });

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
    const executor = new SsmExecutor({ client: real, documentName: DOCUMENT });

    // Act
    const error = await executor.sendCapture(request).catch((e: unknown) => e);

    // Assess
    expect(requests).toBe(MAX_ATTEMPTS);
    expect(error).toMatchObject({ name: 'AdapterError', code: 'throttled' });
  }, 15_000);
});
