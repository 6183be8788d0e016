/**
 * Applying a fix over the real store and ledger on dynalite (127.0.0.1), with the AWS calls
 * mocked at the SDK (EC2, Elastic Beanstalk, SSM): one click per action is DynamoDB's
 * conditional write, so it is tested against an implementation of it.
 */
import '../setup-aws.js';
import { EC2Client, ModifyInstanceCreditSpecificationCommand } from '@aws-sdk/client-ec2';
import {
  ElasticBeanstalkClient,
  UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsRemedies, ENVIRONMENT_PROPERTIES } from '../../functions/adapters/aws/remedies.js';
import { DynamoRemedyLedger } from '../../functions/adapters/aws/remedy-ledger.js';
import { DynamoTriageStore } from '../../functions/adapters/aws/triage-store.js';
import type { TriageRecord } from '../../functions/triage/model.js';
import { type RemediateDeps, remediate } from '../../functions/triage/remediate.js';
import { useTriageTable } from '../helpers/dynalite.js';
import { creditExhausted, seed000Healthy, seed000Sick } from '../helpers/remedy-captures.js';
import { cpuAlarm, FakeClock, FakeExecutor, MemoryLog } from './fakes.js';

const table = useTriageTable();
const REGION = 'us-east-1';
const ec2 = new EC2Client({ region: REGION });
const beanstalk = new ElasticBeanstalkClient({ region: REGION });
const ssm = new SSMClient({ region: REGION });
const ec2Mock = mockClient(ec2);
const beanstalkMock = mockClient(beanstalk);
const ssmMock = mockClient(ssm);

const APPROVERS = ['U0AAAAAAA1', 'U0BBBBBBB2'];
const INSTANCE = 'i-0b1c2d3e4f5a60718';
const CARD_TS = '1763802640.000100';
let serial = 0;

const storeOf = () => new DynamoTriageStore({ tableName: table.name, client: table.client });

const deps = (): RemediateDeps & { executor: FakeExecutor } => ({
  store: storeOf(),
  executor: new FakeExecutor(),
  clock: new FakeClock(),
  logger: new MemoryLog(),
  approvers: APPROVERS,
  remedies: new AwsRemedies({
    restartDocument: 'AlertTriage-RestartDocument-1A2B3C',
    ec2,
    elasticBeanstalk: beanstalk,
    ssm,
  }),
  ledger: new DynamoRemedyLedger({ tableName: table.name, client: table.client }),
});

/** A triage of its own whose instance was captured once per document given, oldest first. */
const storedTriage = async (...documents: string[]): Promise<string> => {
  const triageId = `tr-${String(++serial).padStart(16, '0')}`;
  const now = new Date('2026-11-22T09:12:00Z');
  const commandIds = documents.map(
    (_, i) => `0b6f1c2e-0000-4000-8000-${String(serial * 10 + i).padStart(12, '0')}`,
  );
  const record: TriageRecord = {
    triageId,
    transitionKey: `t-${triageId}`,
    alarm: cpuAlarm(),
    targets: [{ kind: 'instance', instanceId: INSTANCE }],
    instances: commandIds.map((commandId) => ({
      instanceId: INSTANCE,
      commandId,
      status: 'capturing',
    })),
    startedAt: now.toISOString(),
    status: 'capturing',
    seconds: 10,
    deep: 'auto',
    notification: { channel: 'C0123456789', ts: CARD_TS },
  };
  const store = storeOf();
  await store.saveTriage(record, now);
  for (const [i, document] of documents.entries()) {
    await store.saveResult(
      {
        triageId,
        instanceId: INSTANCE,
        commandId: commandIds[i] as string,
        ssmStatus: 'Success',
        ssmStatusDetails: 'Success',
        finishedAt: now.toISOString(),
        outcome: 'diagnosed',
        document,
      },
      now,
    );
  }
  return triageId;
};

const click = (
  triageId: string,
  by: string,
  kind: 'environment-setting' | 'unlimited-credits',
) => ({
  triageId,
  instanceOrdinal: 0,
  kind,
  by,
});

describe('remediate on dynalite', () => {
  beforeEach(() => {
    ec2Mock.reset();
    beanstalkMock.reset();
    ssmMock.reset();
    beanstalkMock.on(UpdateEnvironmentCommand).resolves({ $metadata: { requestId: 'eb-req-1' } });
    ec2Mock
      .on(ModifyInstanceCreditSpecificationCommand)
      .resolves({ $metadata: { requestId: 'ec2-req-1' } });
  });

  it('sets DD_PROFILING_ENABLED=false once when two approvers confirm seed 000’s fix at once', async () => {
    // Prepare
    const triageId = await storedTriage(seed000Sick());
    const d = deps();

    // Act
    const outcomes = await Promise.all(
      APPROVERS.map((by) => remediate(click(triageId, by, 'environment-setting'), d)),
    );

    // Assess: one AWS call, one rerun; the other approver is told who did it
    expect(beanstalkMock).toHaveReceivedCommandTimes(UpdateEnvironmentCommand, 1);
    expect(beanstalkMock).toHaveReceivedCommandWith(UpdateEnvironmentCommand, {
      EnvironmentName: 'api-prod',
      OptionSettings: [
        { Namespace: ENVIRONMENT_PROPERTIES, OptionName: 'DD_PROFILING_ENABLED', Value: 'false' },
      ],
    });
    const applied = outcomes.find((o) => o.kind === 'applied');
    const refused = outcomes.find((o) => o.kind === 'already-done');
    expect(applied).toMatchObject({
      instanceId: INSTANCE,
      receipt: { call: 'UpdateEnvironment', requestId: 'eb-req-1' },
      rerun: { kind: 'started' },
      threadTs: CARD_TS,
    });
    expect(refused).toMatchObject({ by: expect.stringMatching(/^U0/) });
    expect(d.executor.sent).toHaveLength(1);
  });

  it('tells a later click who applied the fix, with the request id, and calls nothing', async () => {
    // Prepare
    const triageId = await storedTriage(seed000Sick());
    await remediate(click(triageId, 'U0AAAAAAA1', 'environment-setting'), deps());

    // Act
    const again = await remediate(click(triageId, 'U0BBBBBBB2', 'environment-setting'), deps());

    // Assess
    expect(again).toMatchObject({ kind: 'already-done', by: 'U0AAAAAAA1', requestId: 'eb-req-1' });
    expect(beanstalkMock).toHaveReceivedCommandTimes(UpdateEnvironmentCommand, 1);
  });

  it('refuses someone not on the approvers list, before reading or claiming anything', async () => {
    // Prepare
    const triageId = await storedTriage(seed000Sick());
    const d = deps();

    // Act
    const outcome = await remediate(click(triageId, 'U0CCCCCCC3', 'environment-setting'), d);
    const approved = await remediate(click(triageId, 'U0AAAAAAA1', 'environment-setting'), d);

    // Assess: the refusal left no claim behind (the approver's click still applies it)
    expect(outcome).toEqual({ kind: 'not-approver' });
    expect(approved.kind).toBe('applied');
    expect(beanstalkMock).toHaveReceivedCommandTimes(UpdateEnvironmentCommand, 1);
  });

  it('refuses a click whose fix the instance’s latest capture no longer calls for', async () => {
    // Prepare: a rerun after the card found the instance healthy
    const triageId = await storedTriage(seed000Sick(), seed000Healthy());
    const d = deps();

    // Act
    const setting = await remediate(click(triageId, 'U0AAAAAAA1', 'environment-setting'), d);
    const otherKind = await remediate(
      click((await storedTriage(seed000Sick())) as string, 'U0AAAAAAA1', 'unlimited-credits'),
      d,
    );

    // Assess
    expect(setting).toEqual({ kind: 'no-longer-offered', instanceId: INSTANCE });
    expect(otherKind).toEqual({ kind: 'no-longer-offered', instanceId: INSTANCE });
    expect(beanstalkMock).toHaveReceivedCommandTimes(UpdateEnvironmentCommand, 0);
    expect(ec2Mock).toHaveReceivedCommandTimes(ModifyInstanceCreditSpecificationCommand, 0);
  });

  it('switches a standard t2.micro out of credits to unlimited', async () => {
    // Prepare
    const triageId = await storedTriage(creditExhausted('standard'));

    // Act
    const outcome = await remediate(click(triageId, 'U0AAAAAAA1', 'unlimited-credits'), deps());

    // Assess
    expect(outcome).toMatchObject({ kind: 'applied', receipt: { requestId: 'ec2-req-1' } });
    expect(ec2Mock).toHaveReceivedCommandWith(ModifyInstanceCreditSpecificationCommand, {
      InstanceCreditSpecifications: [{ InstanceId: INSTANCE, CpuCredits: 'unlimited' }],
    });
    // The instance's history keeps the fix, for the next card's "last rerun showed … after …".
    const history = await storeOf().historyOf(`instance/${INSTANCE}`, new Date(0));
    expect(history.find((e) => e.triageId === triageId)?.fix).toBe('unlimited credits');
  });

  it('lets a fix whose AWS call failed be applied again, once', async () => {
    // Prepare
    const triageId = await storedTriage(creditExhausted('standard'));
    ec2Mock
      .on(ModifyInstanceCreditSpecificationCommand)
      .rejectsOnce(Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation' }))
      .resolves({ $metadata: { requestId: 'ec2-req-2' } });

    // Act
    const first = await remediate(click(triageId, 'U0AAAAAAA1', 'unlimited-credits'), deps());
    const second = await remediate(click(triageId, 'U0AAAAAAA1', 'unlimited-credits'), deps());
    const third = await remediate(click(triageId, 'U0BBBBBBB2', 'unlimited-credits'), deps());

    // Assess
    expect(first).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('not allowed'),
    });
    expect(second).toMatchObject({ kind: 'applied', receipt: { requestId: 'ec2-req-2' } });
    expect(third).toMatchObject({ kind: 'already-done', by: 'U0AAAAAAA1' });
    expect(ec2Mock).toHaveReceivedCommandTimes(ModifyInstanceCreditSpecificationCommand, 2);
  });

  it('sends only the restart document, with the unit as its one parameter', async () => {
    // Prepare
    ssmMock
      .on(SendCommandCommand)
      .resolves({ $metadata: { requestId: 'ssm-req-1' }, Command: { CommandId: 'c-1' } });

    // Act
    const receipt = await deps().remedies.restartUnit(INSTANCE, 'web.service', 'alert-triage');

    // Assess
    expect(receipt).toEqual({ call: 'SendCommand', requestId: 'ssm-req-1', commandId: 'c-1' });
    expect(ssmMock).toHaveReceivedCommandWith(SendCommandCommand, {
      DocumentName: 'AlertTriage-RestartDocument-1A2B3C',
      InstanceIds: [INSTANCE],
      Parameters: { unit: ['web.service'] },
    });
  });
});
