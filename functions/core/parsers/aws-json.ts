/**
 * The AWS context the Lambda adds to a capture, in the JSON the AWS CLI prints (`--output json`,
 * the default). Shapes from the AWS API reference as botocore carries it
 * (`botocore/data/ec2/2016-11-15/service-2.json`: `DescribeInstancesResult`, `Instance`,
 * `DescribeInstanceCreditSpecificationsResult`; `botocore/data/cloudwatch/2010-08-01/service-2.json`:
 * `GetMetricDataOutput`, `MetricDataResult`, `DescribeAlarmsOutput`, `MetricAlarm`,
 * `CompositeAlarm`) and the AWS CLI's own examples (`awscli/examples/ec2/describe-instances.rst`,
 * `…/cloudwatch/get-metric-data.rst`, `…/cloudwatch/describe-alarms.rst`).
 *
 * Each block is one JSON document. A pasted block recognised by its banner starts at the key line
 * (`    "Reservations": [`), one line below the document's `{`; the parsers accept that too.
 */
import type { CreditMode } from '../burstable.js';
import { lines } from './text.js';
import { fail, ok, type Parsed, type ToolParser } from './types.js';

// ---------------------------------------------------------------------------------------------
// Data

/** One instance of `aws ec2 describe-instances` (`Reservations[].Instances[]`). */
export interface Ec2Instance {
  instanceId: string;
  /** `t3.micro`, `m6g.large`. */
  instanceType: string;
  /** `State.Name`: `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`. */
  state: string;
  /** As the CLI prints it: `2022-11-15T10:48:59+00:00`. */
  launchTime: string;
  /** `x86_64`, `arm64`, … */
  architecture?: string;
  /** `Linux/UNIX`, `Windows`, … */
  platformDetails?: string;
  tags: Record<string, string>;
  /** The `aws:autoscaling:groupName` tag the Auto Scaling group puts on its instances. */
  autoScalingGroup?: string;
  /** The `elasticbeanstalk:environment-name` tag Elastic Beanstalk puts on its instances. */
  beanstalkEnvironment?: string;
  /** `CpuOptions`: vCPUs = coreCount × threadsPerCore. */
  cpuOptions?: { coreCount?: number; threadsPerCore?: number };
}

export interface Ec2Instances {
  instances: Ec2Instance[];
}

/** One entry of `aws ec2 describe-instance-credit-specifications`. */
export interface InstanceCreditSpecification {
  instanceId: string;
  cpuCredits: CreditMode;
}

export interface InstanceCreditSpecifications {
  specifications: InstanceCreditSpecification[];
}

/** `Messages[]` of GetMetricData, on the whole answer or on one series (`{Code, Value}`). */
export interface MetricDataMessage {
  code: string;
  value: string;
}

export type MetricStatusCode = 'Complete' | 'InternalError' | 'PartialData' | 'Forbidden';

export interface MetricDataPoint {
  timestamp: string;
  value: number;
}

/** One `MetricDataResults[]` entry of `aws cloudwatch get-metric-data`. */
export interface MetricSeries {
  id: string;
  /** `Label`, or the `Id` when AWS sent none. */
  label: string;
  /**
   * As AWS returned them. GetMetricData's default `ScanBy` is `TimestampDescending`: newest
   * first. Use {@link MetricSeries.points} for time order.
   */
  timestamps: string[];
  /** `values[i]` belongs to `timestamps[i]`. */
  values: number[];
  /** The same data points sorted oldest → newest. */
  points: MetricDataPoint[];
  /** `PartialData` means more points exist behind a `NextToken`. */
  statusCode: MetricStatusCode;
  messages: MetricDataMessage[];
}

export interface MetricData {
  series: MetricSeries[];
  /** Top-level `Messages` (e.g. a query that hit a limit). */
  messages: MetricDataMessage[];
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One entry of a metric-math alarm's `Metrics[]` (a `MetricDataQuery`). */
export interface AlarmMetricQuery {
  id: string;
  /** `m1/m2`, `SUM(METRICS())`: set on expression entries. */
  expression?: string;
  label?: string;
  /** `true` on the entry the alarm evaluates. */
  returnData?: boolean;
  metric?: { namespace: string; metricName: string; dimensions: Record<string, string> };
  period?: number;
  stat?: string;
}

/** A `MetricAlarms[]` entry of `aws cloudwatch describe-alarms`. */
export interface MetricAlarm {
  name: string;
  arn: string;
  state: AlarmState;
  stateReason: string;
  stateUpdated: string;
  /** Single-metric alarms only (metric-math alarms carry `metrics` instead). */
  metricName?: string;
  namespace?: string;
  /** `{ InstanceId: 'i-…' }`, `{ AutoScalingGroupName: '…' }`; `{}` for metric-math alarms. */
  dimensions: Record<string, string>;
  statistic?: string;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  threshold?: number;
  /** `GreaterThanThreshold`, … */
  comparison?: string;
  /** Metric-math alarms: the queries; dimensions live on the `metric` entries. */
  metrics?: AlarmMetricQuery[];
}

/** A `CompositeAlarms[]` entry: no metric, only a rule over other alarms. */
export interface CompositeAlarm {
  name: string;
  arn: string;
  state: AlarmState;
  stateReason: string;
  stateUpdated: string;
  /** `ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild)`. */
  alarmRule: string;
}

export interface Alarms {
  metricAlarms: MetricAlarm[];
  compositeAlarms: CompositeAlarm[];
}

// ---------------------------------------------------------------------------------------------
// Reading JSON by hand

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const optString = (o: JsonObject, key: string): string | undefined => {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
};

export const optNumber = (o: JsonObject, key: string): number | undefined => {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

const optBoolean = (o: JsonObject, key: string): boolean | undefined => {
  const v = o[key];
  return typeof v === 'boolean' ? v : undefined;
};

/** Copies only the keys whose value is defined, so optional fields stay absent, not `undefined`. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * A line where the JSON document starts: `{` or `[` alone or before a quote, bracket, brace,
 * digit or minus sign, or a bare `"Key": …` line. Not a prompt like `[ec2-user@ip-… ~]$`.
 */
const JSON_START = /^\s*(?:[{[]\s*(?:$|["{}[\]\d-])|"[^"]+"\s*:)/;
const JSON_END = /[\]}]\s*$/;

const firstWords = (text: string): string => {
  const line = lines(text).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 100);
};

/**
 * The JSON document in a block, ignoring shell prompts before it and anything after its last
 * closing bracket. A block cut at the key line (`"Reservations": [`) gets its `{` back.
 */
export const readJson = (text: string, command: string | null): Parsed<unknown> => {
  const output = /(?:^|\s)--output(?:\s+|=)(\S+)/.exec(command ?? '')?.[1];
  if (output && output !== 'json') {
    return fail(`--output ${output} is not JSON; the AWS parsers read --output json`);
  }
  const all = lines(text);
  const start = all.findIndex((l) => JSON_START.test(l));
  const end = all.findLastIndex((l) => JSON_END.test(l));
  if (start < 0 || end < start) {
    const said = firstWords(text);
    return fail(said ? `no JSON found; the text starts "${said}"` : 'empty block: no JSON found');
  }
  let body = all.slice(start, end + 1).join('\n');
  if (body.trimStart().startsWith('"')) body = `{${body}`;
  try {
    return ok(JSON.parse(body) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(`invalid JSON: ${reason.slice(0, 120)}`);
  }
};

/** `JSON of another shape: expected a "Reservations" array, found top-level keys MetricAlarms`. */
export const otherShape = (doc: unknown, expected: string): string => {
  const found = isObject(doc)
    ? `top-level keys ${Object.keys(doc).slice(0, 5).join(', ') || '(none)'}`
    : Array.isArray(doc)
      ? 'an array (the output of --query?)'
      : `${doc === null ? 'null' : `a ${typeof doc}`}`;
  return `JSON of another shape: expected ${expected}, found ${found}`;
};

export const need = (path: string, what: string): Parsed<never> => fail(`${path} ${what}`);

const requiredString = (o: JsonObject, key: string, path: string): Parsed<string> => {
  const v = optString(o, key);
  return v === undefined ? need(`${path}.${key}`, 'is missing or not a string') : ok(v);
};

const ALARM_STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const STATUS_CODES: readonly MetricStatusCode[] = [
  'Complete',
  'InternalError',
  'PartialData',
  'Forbidden',
];

const oneOf = <T extends string>(
  values: readonly T[],
  o: JsonObject,
  key: string,
  path: string,
): Parsed<T> => {
  const v = o[key];
  return values.includes(v as T)
    ? ok(v as T)
    : need(
        `${path}.${key}`,
        `is ${v === undefined ? 'missing' : JSON.stringify(v).slice(0, 40)}, not ${values.join(' | ')}`,
      );
};

/** `[{Name, Value}]` (alarms) or `[{Key, Value}]` (tags) → a record; odd entries are skipped. */
const pairs = (list: unknown, keyName: 'Name' | 'Key'): Record<string, string> => {
  const entries: [string, string][] = [];
  for (const item of Array.isArray(list) ? list : []) {
    if (!isObject(item)) continue;
    const key = optString(item, keyName);
    if (key !== undefined) entries.push([key, optString(item, 'Value') ?? '']);
  }
  // fromEntries defines own properties, so a `__proto__` tag stays a tag.
  return Object.fromEntries(entries);
};

/** An ISO string as the CLI prints it; epoch seconds (raw API JSON) become ISO strings. */
export const timestamp = (v: unknown): string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v * 1000;
    return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
  }
  return typeof v === 'string' && Number.isFinite(Date.parse(v)) ? v : undefined;
};

const messages = (list: unknown): MetricDataMessage[] =>
  Array.isArray(list)
    ? list
        .filter(isObject)
        .map((m) => ({ code: optString(m, 'Code') ?? '', value: optString(m, 'Value') ?? '' }))
    : [];

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `aws ec2 describe-instances`, with global options (`aws --region x ec2 …`) and any arguments. */
export const awsCommand = (service: string, operation: string): RegExp =>
  new RegExp(`^aws\\s(?:.*\\s)?${service}\\s+${operation}(?:\\s|$)`);

// ---------------------------------------------------------------------------------------------
// aws ec2 describe-instances

const readInstance = (raw: unknown, path: string): Parsed<Ec2Instance> => {
  if (!isObject(raw)) return need(path, 'is not an object');
  const instanceId = requiredString(raw, 'InstanceId', path);
  if (!instanceId.ok) return instanceId;
  const instanceType = requiredString(raw, 'InstanceType', path);
  if (!instanceType.ok) return instanceType;
  const state = isObject(raw.State) ? optString(raw.State, 'Name') : undefined;
  if (state === undefined) return need(`${path}.State.Name`, 'is missing or not a string');
  const launchTime = timestamp(raw.LaunchTime);
  if (launchTime === undefined) return need(`${path}.LaunchTime`, 'is missing or not a date');
  const tags = pairs(raw.Tags, 'Key');
  const cpu = isObject(raw.CpuOptions) ? raw.CpuOptions : undefined;
  return ok(
    defined<Ec2Instance>({
      instanceId: instanceId.data,
      instanceType: instanceType.data,
      state,
      launchTime,
      architecture: optString(raw, 'Architecture'),
      platformDetails: optString(raw, 'PlatformDetails'),
      tags,
      autoScalingGroup: tags['aws:autoscaling:groupName'],
      beanstalkEnvironment: tags['elasticbeanstalk:environment-name'],
      cpuOptions: cpu
        ? defined({
            coreCount: optNumber(cpu, 'CoreCount'),
            threadsPerCore: optNumber(cpu, 'ThreadsPerCore'),
          })
        : undefined,
    }),
  );
};

export const describeInstancesParser: ToolParser<Ec2Instances> = {
  tool: 'aws-ec2-describe-instances',
  matchCommand: (command) => awsCommand('ec2', 'describe-instances').test(command),
  banner: /^\s*\{?\s*"Reservations"\s*:/,
  parse(text, command) {
    const json = readJson(text, command);
    if (!json.ok) return json;
    const doc = json.data;
    if (!isObject(doc) || !Array.isArray(doc.Reservations)) {
      return fail(otherShape(doc, 'a "Reservations" array'));
    }
    const instances: Ec2Instance[] = [];
    for (const [i, reservation] of doc.Reservations.entries()) {
      const path = `Reservations[${i}]`;
      if (!isObject(reservation) || !Array.isArray(reservation.Instances)) {
        return need(`${path}.Instances`, 'is not an array');
      }
      for (const [j, raw] of reservation.Instances.entries()) {
        const instance = readInstance(raw, `${path}.Instances[${j}]`);
        if (!instance.ok) return instance;
        instances.push(instance.data);
      }
    }
    return ok({ instances });
  },
  summarize(d) {
    const shown = d.instances.slice(0, 3).map((i) => {
      const name = i.tags.Name ? ` "${i.tags.Name}"` : '';
      return `${i.instanceId} ${i.instanceType} ${i.state}${name}`;
    });
    const more = d.instances.length > 3 ? `, +${d.instances.length - 3} more` : '';
    return `${plural(d.instances.length, 'instance')}${shown.length ? `: ${shown.join(', ')}` : ''}${more}`;
  },
};

// ---------------------------------------------------------------------------------------------
// aws ec2 describe-instance-credit-specifications

export const describeInstanceCreditSpecificationsParser: ToolParser<InstanceCreditSpecifications> =
  {
    tool: 'aws-ec2-describe-instance-credit-specifications',
    matchCommand: (command) =>
      awsCommand('ec2', 'describe-instance-credit-specifications').test(command),
    banner: /^\s*\{?\s*"InstanceCreditSpecifications"\s*:/,
    parse(text, command) {
      const json = readJson(text, command);
      if (!json.ok) return json;
      const doc = json.data;
      if (!isObject(doc) || !Array.isArray(doc.InstanceCreditSpecifications)) {
        return fail(otherShape(doc, 'an "InstanceCreditSpecifications" array'));
      }
      const specifications: InstanceCreditSpecification[] = [];
      for (const [i, raw] of doc.InstanceCreditSpecifications.entries()) {
        const path = `InstanceCreditSpecifications[${i}]`;
        if (!isObject(raw)) return need(path, 'is not an object');
        const instanceId = requiredString(raw, 'InstanceId', path);
        if (!instanceId.ok) return instanceId;
        const cpuCredits = oneOf<CreditMode>(['standard', 'unlimited'], raw, 'CpuCredits', path);
        if (!cpuCredits.ok) return cpuCredits;
        specifications.push({ instanceId: instanceId.data, cpuCredits: cpuCredits.data });
      }
      return ok({ specifications });
    },
    summarize: (d) =>
      d.specifications.length === 0
        ? 'no credit specifications'
        : d.specifications.map((s) => `${s.instanceId} ${s.cpuCredits}`).join(', '),
  };

// ---------------------------------------------------------------------------------------------
// aws cloudwatch get-metric-data

const readSeries = (raw: unknown, path: string): Parsed<MetricSeries> => {
  if (!isObject(raw)) return need(path, 'is not an object');
  const id = requiredString(raw, 'Id', path);
  if (!id.ok) return id;
  const statusCode = oneOf(STATUS_CODES, raw, 'StatusCode', path);
  if (!statusCode.ok) return statusCode;
  const rawTimes = raw.Timestamps ?? [];
  const rawValues = raw.Values ?? [];
  if (!Array.isArray(rawTimes)) return need(`${path}.Timestamps`, 'is not an array');
  if (!Array.isArray(rawValues)) return need(`${path}.Values`, 'is not an array');
  if (rawTimes.length !== rawValues.length) {
    return need(path, `has ${rawTimes.length} Timestamps but ${rawValues.length} Values`);
  }
  const timestamps: string[] = [];
  const values: number[] = [];
  const points: (MetricDataPoint & { ms: number })[] = [];
  for (const [k, rawTime] of rawTimes.entries()) {
    const time = timestamp(rawTime);
    if (time === undefined) return need(`${path}.Timestamps[${k}]`, 'is not a date');
    const value = rawValues[k];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return need(`${path}.Values[${k}]`, 'is not a number');
    }
    timestamps.push(time);
    values.push(value);
    points.push({ timestamp: time, value, ms: Date.parse(time) });
  }
  points.sort((a, b) => a.ms - b.ms);
  return ok({
    id: id.data,
    label: optString(raw, 'Label') ?? id.data,
    timestamps,
    values,
    points: points.map(({ timestamp: t, value }) => ({ timestamp: t, value })),
    statusCode: statusCode.data,
    messages: messages(raw.Messages),
  });
};

export const getMetricDataParser: ToolParser<MetricData> = {
  tool: 'aws-cloudwatch-get-metric-data',
  matchCommand: (command) => awsCommand('cloudwatch', 'get-metric-data').test(command),
  banner: /^\s*\{?\s*"MetricDataResults"\s*:/,
  parse(text, command) {
    const json = readJson(text, command);
    if (!json.ok) return json;
    const doc = json.data;
    if (!isObject(doc) || !Array.isArray(doc.MetricDataResults)) {
      return fail(otherShape(doc, 'a "MetricDataResults" array'));
    }
    const series: MetricSeries[] = [];
    for (const [i, raw] of doc.MetricDataResults.entries()) {
      const one = readSeries(raw, `MetricDataResults[${i}]`);
      if (!one.ok) return one;
      series.push(one.data);
    }
    return ok({ series, messages: messages(doc.Messages) });
  },
  summarize(d) {
    const shown = d.series.map((s) => {
      const last = s.points.at(-1);
      const partial = s.statusCode === 'Complete' ? '' : ` ${s.statusCode}`;
      return `${s.label} ${plural(s.points.length, 'point')}${last ? `, latest ${last.value}` : ''}${partial}`;
    });
    return `${d.series.length} series${shown.length ? `: ${shown.join('; ')}` : ''}`;
  },
};

// ---------------------------------------------------------------------------------------------
// aws cloudwatch describe-alarms

const readMetricQuery = (raw: unknown, path: string): Parsed<AlarmMetricQuery> => {
  if (!isObject(raw)) return need(path, 'is not an object');
  const id = requiredString(raw, 'Id', path);
  if (!id.ok) return id;
  const stat = isObject(raw.MetricStat) ? raw.MetricStat : undefined;
  const metric = stat && isObject(stat.Metric) ? stat.Metric : undefined;
  return ok(
    defined<AlarmMetricQuery>({
      id: id.data,
      expression: optString(raw, 'Expression'),
      label: optString(raw, 'Label'),
      returnData: optBoolean(raw, 'ReturnData'),
      metric: metric
        ? {
            namespace: optString(metric, 'Namespace') ?? '',
            metricName: optString(metric, 'MetricName') ?? '',
            dimensions: pairs(metric.Dimensions, 'Name'),
          }
        : undefined,
      period: stat ? optNumber(stat, 'Period') : optNumber(raw, 'Period'),
      stat: stat ? optString(stat, 'Stat') : undefined,
    }),
  );
};

/** The fields metric and composite alarms share. */
const readAlarmBase = (
  raw: unknown,
  path: string,
): Parsed<{ raw: JsonObject; base: Omit<CompositeAlarm, 'alarmRule'> }> => {
  if (!isObject(raw)) return need(path, 'is not an object');
  const name = requiredString(raw, 'AlarmName', path);
  if (!name.ok) return name;
  const arn = requiredString(raw, 'AlarmArn', path);
  if (!arn.ok) return arn;
  const state = oneOf(ALARM_STATES, raw, 'StateValue', path);
  if (!state.ok) return state;
  const stateReason = requiredString(raw, 'StateReason', path);
  if (!stateReason.ok) return stateReason;
  const stateUpdated = timestamp(raw.StateUpdatedTimestamp);
  if (stateUpdated === undefined) {
    return need(`${path}.StateUpdatedTimestamp`, 'is missing or not a date');
  }
  return ok({
    raw,
    base: {
      name: name.data,
      arn: arn.data,
      state: state.data,
      stateReason: stateReason.data,
      stateUpdated,
    },
  });
};

const readMetricAlarm = (item: unknown, path: string): Parsed<MetricAlarm> => {
  const common = readAlarmBase(item, path);
  if (!common.ok) return common;
  const { raw, base } = common.data;
  let metrics: AlarmMetricQuery[] | undefined;
  if (Array.isArray(raw.Metrics)) {
    metrics = [];
    for (const [k, query] of raw.Metrics.entries()) {
      const one = readMetricQuery(query, `${path}.Metrics[${k}]`);
      if (!one.ok) return one;
      metrics.push(one.data);
    }
  }
  return ok(
    defined<MetricAlarm>({
      ...base,
      metricName: optString(raw, 'MetricName'),
      namespace: optString(raw, 'Namespace'),
      dimensions: pairs(raw.Dimensions, 'Name'),
      statistic: optString(raw, 'Statistic') ?? optString(raw, 'ExtendedStatistic'),
      period: optNumber(raw, 'Period'),
      evaluationPeriods: optNumber(raw, 'EvaluationPeriods'),
      datapointsToAlarm: optNumber(raw, 'DatapointsToAlarm'),
      threshold: optNumber(raw, 'Threshold'),
      comparison: optString(raw, 'ComparisonOperator'),
      metrics,
    }),
  );
};

const readCompositeAlarm = (item: unknown, path: string): Parsed<CompositeAlarm> => {
  const common = readAlarmBase(item, path);
  if (!common.ok) return common;
  const alarmRule = requiredString(common.data.raw, 'AlarmRule', path);
  if (!alarmRule.ok) return alarmRule;
  return ok({ ...common.data.base, alarmRule: alarmRule.data });
};

export const describeAlarmsParser: ToolParser<Alarms> = {
  tool: 'aws-cloudwatch-describe-alarms',
  matchCommand: (command) => awsCommand('cloudwatch', 'describe-alarms').test(command),
  banner: /^\s*\{?\s*"(?:MetricAlarms|CompositeAlarms)"\s*:/,
  parse(text, command) {
    const json = readJson(text, command);
    if (!json.ok) return json;
    const doc = json.data;
    if (
      !isObject(doc) ||
      !(Array.isArray(doc.MetricAlarms) || Array.isArray(doc.CompositeAlarms))
    ) {
      return fail(otherShape(doc, 'a "MetricAlarms" or "CompositeAlarms" array'));
    }
    const alarms: Alarms = { metricAlarms: [], compositeAlarms: [] };
    for (const [i, item] of (Array.isArray(doc.MetricAlarms) ? doc.MetricAlarms : []).entries()) {
      const alarm = readMetricAlarm(item, `MetricAlarms[${i}]`);
      if (!alarm.ok) return alarm;
      alarms.metricAlarms.push(alarm.data);
    }
    for (const [i, item] of (Array.isArray(doc.CompositeAlarms)
      ? doc.CompositeAlarms
      : []
    ).entries()) {
      const alarm = readCompositeAlarm(item, `CompositeAlarms[${i}]`);
      if (!alarm.ok) return alarm;
      alarms.compositeAlarms.push(alarm.data);
    }
    return ok(alarms);
  },
  summarize(d) {
    const all = [...d.metricAlarms, ...d.compositeAlarms].map((a) => `${a.name} ${a.state}`);
    return `${plural(d.metricAlarms.length, 'metric alarm')}, ${plural(d.compositeAlarms.length, 'composite alarm')}${all.length ? `: ${all.join(', ')}` : ''}`;
  },
};
