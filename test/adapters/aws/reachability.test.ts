import '../../setup-aws.js';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmReachability } from '../../../functions/adapters/aws/reachability.js';
import { instanceInformation, REGION } from './responses.js';

const client = new SSMClient({ region: REGION });
const ssm = mockClient(client);
const ONLINE = 'i-0abc1234def567890';
const LOST = 'i-0fedcba9876543210';
const UNMANAGED = 'i-00000000000000001';

describe('SsmReachability', () => {
  beforeEach(() => {
    ssm.reset();
  });

  it('tells online, offline and unmanaged instances apart in one call', async () => {
    // Prepare: DescribeInstanceInformation lists managed nodes only (botocore
    // `DescribeInstanceInformationResult.InstanceInformationList`).
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        instanceInformation(ONLINE, 'Online'),
        instanceInformation(LOST, 'ConnectionLost'),
      ],
    });

    // Act
    const statuses = await new SsmReachability(client).check([ONLINE, LOST, UNMANAGED]);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(DescribeInstanceInformationCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(DescribeInstanceInformationCommand, {
      Filters: [{ Key: 'InstanceIds', Values: [ONLINE, LOST, UNMANAGED] }],
    });
    expect(statuses).toEqual([
      {
        instanceId: ONLINE,
        managed: true,
        pingStatus: 'Online',
        lastPingAt: '2026-11-22T09:11:58.000Z',
        platformType: 'Linux',
        agentVersion: '3.3.1142.0',
      },
      expect.objectContaining({ instanceId: LOST, managed: true, pingStatus: 'ConnectionLost' }),
      { instanceId: UNMANAGED, managed: false },
    ]);
  });

  it('follows NextToken', async () => {
    // Prepare
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolvesOnce({ InstanceInformationList: [instanceInformation(ONLINE)], NextToken: 'page-2' })
      .resolvesOnce({ InstanceInformationList: [instanceInformation(LOST)] });

    // Act
    const statuses = await new SsmReachability(client).check([ONLINE, LOST]);

    // Assess
    expect(ssm).toHaveReceivedCommandTimes(DescribeInstanceInformationCommand, 2);
    expect(ssm).toHaveReceivedNthCommandWith(DescribeInstanceInformationCommand, 2, {
      NextToken: 'page-2',
    });
    expect(statuses.every((s) => s.managed)).toBe(true);
  });

  it('wraps an SDK failure in an AdapterError', async () => {
    // Prepare
    ssm
      .on(DescribeInstanceInformationCommand)
      .rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));

    // Act / Assess
    await expect(new SsmReachability(client).check([ONLINE])).rejects.toMatchObject({
      name: 'AdapterError',
      code: 'ssm_describe_failed',
    });
  });
});
