/**
 * In-memory stand-ins for the triage ports, for the use-case tests. Each records what it was
 * asked so a test can assert on calls without an SDK in sight.
 */
import type { Alarm, Target } from '../../functions/core/alarm/types.js';
import type {
  AgentStatus,
  AlarmChildren,
  AlarmResolvedNotice,
  AwsContext,
  AwsContextDocument,
  CaptureRequest,
  CaptureResult,
  Clock,
  Executor,
  InvocationLookup,
  Log,
  Mute,
  NotificationHandle,
  Notifier,
  Reachability,
  SentCapture,
  TargetResolution,
  TargetResolver,
  TriageDoneNotice,
  TriageFailedNotice,
  TriageRecord,
  TriageStartedNotice,
  TriageStore,
} from '../../functions/triage/ports.js';

export class MemoryStore implements TriageStore {
  readonly claims = new Map<string, string>();
  readonly triages = new Map<string, TriageRecord>();
  readonly commands = new Map<string, string>();
  readonly latest = new Map<string, string>();
  readonly results = new Map<string, CaptureResult>();
  readonly mutes = new Map<string, Mute>();

  async claimTransition(key: string, triageId: string): Promise<boolean> {
    if (this.claims.has(key)) return false;
    this.claims.set(key, triageId);
    return true;
  }
  async mute(alarmArn: string, now: Date): Promise<Mute | undefined> {
    const m = this.mutes.get(alarmArn);
    return m && Date.parse(m.until) > now.getTime() ? m : undefined;
  }
  async putMute(mute: Mute): Promise<void> {
    this.mutes.set(mute.alarmArn, mute);
  }
  async saveTriage(record: TriageRecord): Promise<void> {
    this.triages.set(record.triageId, structuredClone(record));
    for (const run of record.instances) {
      if (run.commandId) this.commands.set(run.commandId, record.triageId);
    }
    this.latest.set(record.alarm.arn, record.triageId);
  }
  async getTriage(triageId: string): Promise<TriageRecord | undefined> {
    const r = this.triages.get(triageId);
    return r ? structuredClone(r) : undefined;
  }
  async triageIdForCommand(commandId: string): Promise<string | undefined> {
    return this.commands.get(commandId);
  }
  async latestTriageOf(alarmArn: string): Promise<TriageRecord | undefined> {
    const id = this.latest.get(alarmArn);
    return id ? this.getTriage(id) : undefined;
  }
  async hasResult(triageId: string, instanceId: string, commandId: string): Promise<boolean> {
    return this.results.has(`${triageId}/${instanceId}/${commandId}`);
  }
  async saveResult(result: CaptureResult): Promise<boolean> {
    const key = `${result.triageId}/${result.instanceId}/${result.commandId}`;
    if (this.results.has(key)) return false;
    this.results.set(key, result);
    return true;
  }
  async getResult(
    triageId: string,
    instanceId: string,
    commandId: string,
  ): Promise<CaptureResult | undefined> {
    return this.results.get(`${triageId}/${instanceId}/${commandId}`);
  }
  async markResolved(triageId: string, resolvedAt: string): Promise<void> {
    const r = this.triages.get(triageId);
    if (r) this.triages.set(triageId, { ...r, status: 'resolved', resolvedAt });
  }
}

export class RecordingNotifier implements Notifier {
  readonly started: TriageStartedNotice[] = [];
  readonly done: TriageDoneNotice[] = [];
  readonly failed: TriageFailedNotice[] = [];
  readonly resolved: AlarmResolvedNotice[] = [];

  get count(): number {
    return this.started.length + this.done.length + this.failed.length + this.resolved.length;
  }
  async triageStarted(notice: TriageStartedNotice): Promise<NotificationHandle> {
    this.started.push(notice);
    return { channel: 'C0TEST', ts: '1700000000.000100' };
  }
  async triageDone(notice: TriageDoneNotice): Promise<void> {
    this.done.push(notice);
  }
  async triageFailed(notice: TriageFailedNotice): Promise<void> {
    this.failed.push(notice);
  }
  async alarmResolved(notice: AlarmResolvedNotice): Promise<void> {
    this.resolved.push(notice);
  }
}

export class FakeExecutor implements Executor {
  readonly sent: CaptureRequest[] = [];
  readonly lookups: { commandId: string; instanceId: string }[] = [];
  /** Answers to getInvocation, in order; the last one repeats. */
  invocations: InvocationLookup[] = [];
  sendError: Error | undefined;

  async sendCapture(request: CaptureRequest): Promise<SentCapture> {
    if (this.sendError) throw this.sendError;
    this.sent.push(request);
    return {
      commandId: `0b6f1c2e-0000-4000-8000-${String(this.sent.length).padStart(12, '0')}`,
      instanceId: request.instanceId,
      executionTimeoutSeconds: request.seconds + 45,
      deliveryTimeoutSeconds: 60,
    };
  }
  async getInvocation(commandId: string, instanceId: string): Promise<InvocationLookup> {
    this.lookups.push({ commandId, instanceId });
    const answer = this.invocations[Math.min(this.lookups.length, this.invocations.length) - 1];
    return answer ?? { found: false };
  }
}

/** An agent status for a given id. */
type AgentStatusWithoutId = AgentStatus extends infer S
  ? S extends AgentStatus
    ? Omit<S, 'instanceId'>
    : never
  : never;

export class FakeReachability implements Reachability {
  readonly asked: string[][] = [];
  readonly statuses: Record<string, AgentStatusWithoutId>;
  constructor(statuses: Record<string, AgentStatusWithoutId> = {}) {
    this.statuses = statuses;
  }
  async check(instanceIds: readonly string[]): Promise<AgentStatus[]> {
    this.asked.push([...instanceIds]);
    return instanceIds.map(
      (instanceId) =>
        ({
          instanceId,
          ...(this.statuses[instanceId] ?? { managed: true, pingStatus: 'Online' }),
        }) as AgentStatus,
    );
  }
}

/** Every instance target is a running t3.micro; groups resolve to nothing. */
export const runningInstances = (targets: readonly Target[]): TargetResolution => {
  const instances = targets.flatMap((t) =>
    t.kind === 'instance' ? [{ instanceId: t.instanceId, instanceType: 't3.micro', via: t }] : [],
  );
  return { instances, candidates: instances.length, skipped: [] };
};

export class FakeTargets implements TargetResolver {
  readonly asked: { targets: Target[]; limit: number }[] = [];
  readonly answer: (targets: readonly Target[]) => TargetResolution;
  constructor(answer: (targets: readonly Target[]) => TargetResolution = runningInstances) {
    this.answer = answer;
  }
  async resolve(targets: readonly Target[], limit: number): Promise<TargetResolution> {
    this.asked.push({ targets: [...targets], limit });
    return this.answer(targets);
  }
}

export class FakeChildren implements AlarmChildren {
  readonly asked: string[][] = [];
  readonly metrics: Awaited<ReturnType<AlarmChildren['metricsOf']>>;
  constructor(
    metrics: Awaited<ReturnType<AlarmChildren['metricsOf']>> = { metrics: [], missing: [] },
  ) {
    this.metrics = metrics;
  }
  async metricsOf(alarmArns: readonly string[]) {
    this.asked.push([...alarmArns]);
    return this.metrics;
  }
}

export class FakeAwsContext implements AwsContext {
  readonly asked: string[] = [];
  document: AwsContextDocument;
  constructor(document: AwsContextDocument = { text: '', glance: {} }) {
    this.document = document;
  }
  async describe(instanceId: string): Promise<AwsContextDocument> {
    this.asked.push(instanceId);
    return this.document;
  }
}

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  at: Date;
  constructor(at = new Date('2026-11-22T09:12:30Z')) {
    this.at = at;
  }
  now(): Date {
    return new Date(this.at);
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown>;
}

export class MemoryLog implements Log {
  readonly lines: LogLine[] = [];
  readonly keys: Record<string, unknown> = {};
  #push(level: LogLine['level'], message: string, attributes: Record<string, unknown>[]) {
    this.lines.push({ level, message, attributes: Object.assign({}, this.keys, ...attributes) });
  }
  debug(message: string, ...attributes: Record<string, unknown>[]) {
    this.#push('debug', message, attributes);
  }
  info(message: string, ...attributes: Record<string, unknown>[]) {
    this.#push('info', message, attributes);
  }
  warn(message: string, ...attributes: Record<string, unknown>[]) {
    this.#push('warn', message, attributes);
  }
  error(message: string, ...attributes: Record<string, unknown>[]) {
    this.#push('error', message, attributes);
  }
  appendKeys(keys: Record<string, unknown>) {
    Object.assign(this.keys, keys);
  }
  messages(): string[] {
    return this.lines.map((l) => l.message);
  }
}

export const INSTANCE = 'i-0abc1234def567890';

/** The EventBridge metric alarm of the reference events, as `parseAlarmEvent` gives it. */
export const cpuAlarm = (overrides: Partial<Alarm> = {}): Alarm => ({
  name: 'ServerCpuTooHigh',
  arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
  region: 'us-east-1',
  account: '123456789012',
  state: 'ALARM',
  previousState: 'OK',
  reason:
    'Threshold Crossed: 1 out of the last 1 datapoints [99.5] was greater than the threshold (50.0)',
  changedAt: '2026-11-22T09:10:40.989+0000',
  metrics: [{ namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: INSTANCE } }],
  delivery: 'eventbridge',
  ...overrides,
});
