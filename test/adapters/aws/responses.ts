/**
 * SDK responses in the shapes of the AWS API reference, for `mockClient(…)` in the adapter,
 * use-case and handler tests. Dates are `Date` objects and blobs `Uint8Array`s, as the SDK v3
 * deserialises them. Shapes from botocore's service models (the API reference as data):
 * - `ec2/2016-11-15/service-2.json`: `DescribeInstancesResult` → `Reservations[].Instances[]`
 *   (`Instance`: `InstanceId`, `InstanceType`, `LaunchTime`, `State{Code,Name}`, `Tags[{Key,Value}]`,
 *   `CpuOptions`, …), `DescribeInstanceCreditSpecificationsResult` →
 *   `InstanceCreditSpecifications[{InstanceId, CpuCredits}]`; values as in the AWS CLI's
 *   `awscli/examples/ec2/describe-instances.rst`;
 * - `cloudwatch/2010-08-01/service-2.json`: `GetMetricDataOutput` → `MetricDataResults[{Id, Label,
 *   Timestamps, Values, StatusCode}]`, `Messages`; `ListMetricsOutput` → `Metrics[{Namespace,
 *   MetricName, Dimensions}]`; `DescribeAlarmsOutput` → `MetricAlarms[]`, `CompositeAlarms[]`;
 * - `ssm/2014-11-06/service-2.json`: `SendCommandResult.Command`, `GetCommandInvocationResult`,
 *   `DescribeInstanceInformationResult.InstanceInformationList[]`;
 * - `autoscaling/2011-01-01/service-2.json`: `AutoScalingGroupsType.AutoScalingGroups[]` with
 *   `Instances[{InstanceId, LifecycleState, HealthStatus, …}]`.
 */
import { gzipSync } from 'node:zlib';
import type {
  GetMetricDataCommandInput,
  GetMetricDataCommandOutput,
  ListMetricsCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import type {
  _InstanceType,
  DescribeInstanceCreditSpecificationsCommandOutput,
  DescribeInstancesCommandOutput,
  Instance,
} from '@aws-sdk/client-ec2';
import type {
  GetCommandInvocationCommandOutput,
  InstanceInformation,
  SendCommandCommandOutput,
} from '@aws-sdk/client-ssm';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const COMMAND_ID = 'e8d3c0e4-71f7-4491-898f-c9b35bee5f3b';

export interface InstanceSpec {
  instanceId: string;
  instanceType?: string;
  state?: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  tags?: Record<string, string>;
}

const STATE_CODES = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;

/** One `Instance` of DescribeInstances. */
export const instance = ({
  instanceId,
  instanceType = 't3.micro',
  state = 'running',
  tags = { Name: 'django-backend' },
}: InstanceSpec): Instance => ({
  AmiLaunchIndex: 0,
  ImageId: 'ami-0c9c942bd7bf113a2',
  InstanceId: instanceId,
  InstanceType: instanceType as _InstanceType,
  KeyName: 'backend-key',
  LaunchTime: new Date('2026-11-10T08:41:17Z'),
  Monitoring: { State: 'disabled' as const },
  Placement: { AvailabilityZone: 'us-east-1a', GroupName: '', Tenancy: 'default' as const },
  PrivateDnsName: 'ip-172-31-0-84.ec2.internal',
  PrivateIpAddress: '172.31.0.84',
  ProductCodes: [],
  PublicDnsName: '',
  State: { Code: STATE_CODES[state], Name: state },
  StateTransitionReason: '',
  SubnetId: 'subnet-0a1b2c3d4e5f67890',
  VpcId: 'vpc-0a1b2c3d4e5f67890',
  Architecture: 'x86_64' as const,
  EbsOptimized: true,
  EnaSupport: true,
  Hypervisor: 'xen' as const,
  RootDeviceName: '/dev/xvda',
  RootDeviceType: 'ebs' as const,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  VirtualizationType: 'hvm' as const,
  CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
  PlatformDetails: 'Linux/UNIX',
  UsageOperation: 'RunInstances',
});

/** A DescribeInstances answer with one reservation per instance. */
export const describeInstances = (...specs: InstanceSpec[]): DescribeInstancesCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  Reservations: specs.map((spec, i) => ({
    Groups: [],
    Instances: [instance(spec)],
    OwnerId: ACCOUNT,
    ReservationId: `r-0123456789abcdef${i}`,
  })),
});

export const creditSpecifications = (
  instanceId: string,
  cpuCredits: 'standard' | 'unlimited',
): DescribeInstanceCreditSpecificationsCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  InstanceCreditSpecifications: [{ InstanceId: instanceId, CpuCredits: cpuCredits }],
});

/** A metric's value `minutesAgo` before the query's end. */
export type Series = (minutesAgo: number) => number;

/**
 * A GetMetricData answer computed from the request: for every query whose metric has a series,
 * one point per period from the end back to the start, newest first (the default
 * `ScanBy: TimestampDescending`). A metric without a series answers no points.
 */
export const metricData =
  (series: Record<string, Series>) =>
  (input: GetMetricDataCommandInput): GetMetricDataCommandOutput => {
    const end = (input.EndTime as Date).getTime();
    const start = (input.StartTime as Date).getTime();
    return {
      $metadata: { httpStatusCode: 200 },
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
        const name = q.MetricStat?.Metric?.MetricName ?? '';
        const period = (q.MetricStat?.Period ?? 300) * 1000;
        const values = series[name];
        const Timestamps: Date[] = [];
        const Values: number[] = [];
        if (values) {
          for (let t = Math.floor(end / period) * period; t >= start; t -= period) {
            Timestamps.push(new Date(t));
            Values.push(values((end - t) / 60_000));
          }
        }
        return {
          Id: q.Id,
          Label: q.Label ?? name,
          Timestamps,
          Values,
          StatusCode: 'Complete' as const,
        };
      }),
      Messages: [],
    };
  };

export const listMemoryMetric = (instanceId: string): ListMetricsCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  Metrics: [
    {
      Namespace: 'CWAgent',
      MetricName: 'mem_used_percent',
      Dimensions: [
        { Name: 'InstanceId', Value: instanceId },
        { Name: 'ImageId', Value: 'ami-0c9c942bd7bf113a2' },
        { Name: 'InstanceType', Value: 't3.micro' },
      ],
    },
    {
      Namespace: 'CWAgent',
      MetricName: 'mem_used_percent',
      Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
    },
  ],
});

export const sendCommandOutput = (
  instanceId: string,
  commandId = COMMAND_ID,
): SendCommandCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  Command: {
    CommandId: commandId,
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [instanceId],
    Status: 'Pending' as const,
    StatusDetails: 'Pending',
    TimeoutSeconds: 60,
  },
});

export interface InvocationSpec {
  instanceId: string;
  status:
    | 'Pending'
    | 'InProgress'
    | 'Delayed'
    | 'Success'
    | 'Cancelled'
    | 'TimedOut'
    | 'Failed'
    | 'Cancelling';
  details?: string;
  stdout?: string;
  stderr?: string;
  responseCode?: number;
  commandId?: string;
}

export const commandInvocation = ({
  instanceId,
  status,
  details = status,
  stdout = '',
  stderr = '',
  responseCode = status === 'Success' ? 0 : -1,
  commandId = COMMAND_ID,
}: InvocationSpec): GetCommandInvocationCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  CommandId: commandId,
  InstanceId: instanceId,
  Comment: 'alert-triage tr-0123456789abcdef ServerCpuTooHigh',
  DocumentName: 'AWS-RunShellScript',
  PluginName: 'aws:runShellScript',
  ResponseCode: responseCode,
  Status: status,
  StatusDetails: details,
  StandardOutputContent: stdout,
  StandardOutputUrl: '',
  StandardErrorContent: stderr,
  StandardErrorUrl: '',
});

export const instanceInformation = (
  instanceId: string,
  pingStatus: 'Online' | 'ConnectionLost' | 'Inactive' = 'Online',
): InstanceInformation => ({
  InstanceId: instanceId,
  PingStatus: pingStatus,
  LastPingDateTime: new Date('2026-11-22T09:11:58Z'),
  AgentVersion: '3.3.1142.0',
  IsLatestVersion: false,
  PlatformType: 'Linux' as const,
  PlatformName: 'Ubuntu',
  PlatformVersion: '24.04',
  ResourceType: 'EC2Instance' as const,
  IPAddress: '172.31.0.84',
  ComputerName: 'ip-172-31-0-84',
});

/** The capture script's `--output gzip` framing (capture.sh, `functions/core/capture/decode.ts`). */
export const compressed = (text: string): string => {
  const base64 = gzipSync(Buffer.from(text, 'utf8')).toString('base64');
  return [
    'alert-triage-capture gzip+base64 v1',
    ...(base64.match(/.{1,76}/g) ?? []),
    'alert-triage-capture end',
    '',
  ].join('\n');
};

/** An SDK service exception as the SDK throws it: an Error whose `name` is the AWS error code. */
export const awsError = (name: string, message = name): Error =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
