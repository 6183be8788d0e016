/**
 * Is the SSM agent on these instances registered and answering? `DescribeInstanceInformation`
 * (botocore `ssm/2014-11-06/service-2.json`: `InstanceInformation.PingStatus` is `Online |
 * ConnectionLost | Inactive`) lists managed nodes only: an id missing from the answer is not
 * managed (no agent, no instance profile with `AmazonSSMManagedInstanceCore`, or stopped).
 */
import {
  DescribeInstanceInformationCommand,
  type InstanceInformation,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { AgentStatus, Reachability } from '../../triage/ports.js';
import { ssmClient, wrapAwsError } from './clients.js';

/** The filter takes at most 100 values, and one page at most 50 results. */
const IDS_PER_CALL = 50;
const MAX_PAGES = 5;

const toStatus = (instanceId: string, info: InstanceInformation | undefined): AgentStatus => {
  if (!info) return { instanceId, managed: false };
  return {
    instanceId,
    managed: true,
    pingStatus: info.PingStatus ?? 'Unknown',
    ...(info.LastPingDateTime ? { lastPingAt: info.LastPingDateTime.toISOString() } : {}),
    ...(info.PlatformType ? { platformType: info.PlatformType } : {}),
    ...(info.AgentVersion ? { agentVersion: info.AgentVersion } : {}),
  };
};

export class SsmReachability implements Reachability {
  readonly #client: SSMClient;

  constructor(client: SSMClient = ssmClient()) {
    this.#client = client;
  }

  async check(instanceIds: readonly string[]): Promise<AgentStatus[]> {
    const found = new Map<string, InstanceInformation>();
    for (let i = 0; i < instanceIds.length; i += IDS_PER_CALL) {
      const ids = instanceIds.slice(i, i + IDS_PER_CALL);
      let token: string | undefined;
      let pages = 0;
      do {
        try {
          const page = await this.#client.send(
            new DescribeInstanceInformationCommand({
              Filters: [{ Key: 'InstanceIds', Values: ids }],
              MaxResults: IDS_PER_CALL,
              NextToken: token,
            }),
          );
          for (const info of page.InstanceInformationList ?? []) {
            if (info.InstanceId) found.set(info.InstanceId, info);
          }
          token = page.NextToken;
        } catch (error) {
          throw wrapAwsError(error, 'ssm_describe_failed', 'DescribeInstanceInformation');
        }
        pages++;
      } while (token && pages < MAX_PAGES);
    }
    return instanceIds.map((id) => toStatus(id, found.get(id)));
  }
}
