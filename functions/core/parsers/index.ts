/**
 * The parsers the reader knows, in the order they are tried: on a header's command the first
 * whose `matchCommand` accepts it wins, and on headerless lines the first whose banner
 * matches. Narrower ones come first (top's first line also reads as an `uptime` line).
 */
import {
  describeEventsParser,
  describeScalingActivitiesParser,
  lookupEventsParser,
} from './aws-changes.js';
import {
  describeAlarmsParser,
  describeInstanceCreditSpecificationsParser,
  describeInstancesParser,
  getMetricDataParser,
} from './aws-json.js';
import { getMetricStatisticsParser } from './aws-metric-statistics.js';
import { environParser } from './environ.js';
import { freeParser } from './free.js';
import { htopParser } from './htop.js';
import { iostatParser } from './iostat.js';
import { iotopParser } from './iotop.js';
import { jitLogParser } from './jit-log.js';
import { jstackParser } from './jstack.js';
import { kernelLogParser } from './kernel-log.js';
import { loadavgParser } from './loadavg.js';
import { meminfoParser } from './meminfo.js';
import { mpstatParser } from './mpstat.js';
import { perfReportParser } from './perf-report.js';
import { perfStatParser } from './perf-stat.js';
import { pidstatParser } from './pidstat.js';
import { pprofParser } from './pprof.js';
import { pressureParser } from './pressure.js';
import { procIoParser } from './proc-io.js';
import { procStatParser } from './proc-stat.js';
import { procStatusParser } from './proc-status.js';
import { psParser } from './ps.js';
import { sarParser } from './sar.js';
import { ssSummaryParser } from './ss-summary.js';
import { straceTraceParser } from './strace.js';
import { straceSummaryParser } from './strace-c.js';
import { threadSyscallsParser } from './thread-syscalls.js';
import { topParser } from './top.js';
import type { ToolId, ToolParser } from './types.js';
import { unameParser } from './uname.js';
import { uptimeParser } from './uptime.js';
import { vmstatParser } from './vmstat.js';

export const PARSERS = {
  top: topParser,
  htop: htopParser,
  iotop: iotopParser,
  'strace-c': straceSummaryParser,
  strace: straceTraceParser,
  'proc-status': procStatusParser,
  'proc-stat': procStatParser,
  'proc-io': procIoParser,
  'thread-syscalls': threadSyscallsParser,
  environ: environParser,
  meminfo: meminfoParser,
  pressure: pressureParser,
  loadavg: loadavgParser,
  uptime: uptimeParser,
  uname: unameParser,
  vmstat: vmstatParser,
  mpstat: mpstatParser,
  pidstat: pidstatParser,
  sar: sarParser,
  iostat: iostatParser,
  ps: psParser,
  free: freeParser,
  'ss-summary': ssSummaryParser,
  'kernel-log': kernelLogParser,
  'perf-report': perfReportParser,
  pprof: pprofParser,
  'perf-stat': perfStatParser,
  jstack: jstackParser,
  'jit-log': jitLogParser,
  'aws-ec2-describe-instances': describeInstancesParser,
  'aws-ec2-describe-instance-credit-specifications': describeInstanceCreditSpecificationsParser,
  'aws-cloudwatch-get-metric-data': getMetricDataParser,
  'aws-cloudwatch-get-metric-statistics': getMetricStatisticsParser,
  'aws-cloudwatch-describe-alarms': describeAlarmsParser,
  'aws-elasticbeanstalk-describe-events': describeEventsParser,
  'aws-autoscaling-describe-scaling-activities': describeScalingActivitiesParser,
  'aws-cloudtrail-lookup-events': lookupEventsParser,
} as const satisfies { [K in ToolId]: ToolParser<unknown> };

type Registered = typeof PARSERS;
/** The data each tool's parser returns, by tool id. */
export type ToolData = {
  [K in keyof Registered]: Registered[K] extends ToolParser<infer T> ? T : never;
};
export type KnownTool = keyof Registered & ToolId;

export const parserList: readonly ToolParser<unknown>[] = Object.values(PARSERS);

export const parserFor = (tool: string): ToolParser<unknown> | undefined =>
  parserList.find((p) => p.tool === tool);
