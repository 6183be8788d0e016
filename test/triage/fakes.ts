/**
 * In-memory stand-ins for the triage ports, for the use-case tests. Each records what it was
 * asked so a test can assert on calls without an SDK in sight.
 */
import type { Alarm, Target } from '../../functions/core/alarm/types.js';
import type {
  CaptureResult,
  Mute,
  NotificationHandle,
  OverdueCapture,
  ParkedEvent,
  Storm,
  TargetEvent,
  TriageRecord,
} from '../../functions/triage/model.js';
import type {
  AgentStatus,
  AlarmChildren,
  AlarmNow,
  AlarmResolvedNotice,
  AlarmStates,
  AwsContext,
  AwsContextDocument,
  BeginOutcome,
  CaptureRequest,
  Clock,
  CooldownClaim,
  Executor,
  InvocationLookup,
  Log,
  Notifier,
  Reachability,
  SentCapture,
  TargetResolution,
  TargetResolver,
  TriageChanges,
  TriageDoneNotice,
  TriageFailedNotice,
  TriageStartedNotice,
  TriageStore,
  WeeklyDigest,
} from '../../functions/triage/ports.js';

export class MemoryStore implements TriageStore {
  readonly claims = new Map<string, string>();
  readonly triages = new Map<string, TriageRecord>();
  readonly commands = new Map<string, string>();
  readonly latest = new Map<string, { triageId: string; changedAt: number }>();
  readonly results = new Map<string, CaptureResult>();
  readonly mutes = new Map<string, Mute>();
  readonly cooldowns = new Map<string, { triageId: string; at: string; until: number }>();
  /** Deadline key (`deadline#commandId#instanceId`) → triage id and whether it is retired. */
  readonly deadlines = new Map<string, { triageId: string; done: boolean }>();
  readonly parked = new Map<string, ParkedEvent & { done: boolean }>();
  /** Every write, in order: `saveTriage:<status>`, `saveResult`, `markNotified`, … */
  readonly writes: string[] = [];
  /** Makes a write throw, as a crash or a throttled table would: return true to fail it. */
  crash: ((write: string, record?: TriageRecord) => boolean) | undefined;

  #write(write: string, record?: TriageRecord): void {
    if (this.crash?.(write, record)) throw new Error(`store crashed on ${write}`);
    this.writes.push(write);
  }

  async beginTriage(record: TriageRecord): Promise<BeginOutcome> {
    const latest = this.latest.get(record.alarm.arn);
    const changedAt = Date.parse(record.alarm.changedAt);
    if (this.claims.has(record.transitionKey) || this.triages.has(record.triageId)) {
      return { kind: 'exists', record: await this.getTriage(record.triageId) };
    }
    if (latest && latest.changedAt > changedAt) return { kind: 'superseded' };
    this.#write(`beginTriage:${record.status}`, record);
    this.claims.set(record.transitionKey, record.triageId);
    this.triages.set(record.triageId, structuredClone(record));
    this.latest.set(record.alarm.arn, { triageId: record.triageId, changedAt });
    return { kind: 'created' };
  }
  async claimTransition(key: string, triageId: string): Promise<boolean> {
    if (this.claims.has(key)) return false;
    this.claims.set(key, triageId);
    return true;
  }
  async claimCooldown(
    instanceId: string,
    triageId: string,
    now: Date,
    seconds: number,
  ): Promise<CooldownClaim> {
    const held = this.cooldowns.get(instanceId);
    if (held && held.until > now.getTime() && held.triageId !== triageId) {
      return { claimed: false, triageId: held.triageId, at: held.at };
    }
    this.cooldowns.set(instanceId, {
      triageId,
      at: now.toISOString(),
      until: now.getTime() + seconds * 1000,
    });
    return { claimed: true };
  }
  async releaseCooldown(instanceId: string, triageId: string, now: Date): Promise<void> {
    const held = this.cooldowns.get(instanceId);
    if (held?.triageId === triageId) held.until = now.getTime();
  }
  async mute(alarmArn: string, now: Date): Promise<Mute | undefined> {
    const m = this.mutes.get(alarmArn);
    return m && Date.parse(m.until) > now.getTime() ? m : undefined;
  }
  async putMute(mute: Mute): Promise<void> {
    this.mutes.set(mute.alarmArn, mute);
  }
  async saveTriage(record: TriageRecord): Promise<void> {
    this.#write(`saveTriage:${record.status}`, record);
    this.triages.set(record.triageId, structuredClone(record));
    for (const run of record.instances) {
      if (!run.commandId) continue;
      this.commands.set(run.commandId, record.triageId);
      if (!run.deadline) continue;
      const key = `${run.deadline}#${run.commandId}#${run.instanceId}`;
      if (!this.deadlines.has(key)) {
        this.deadlines.set(key, { triageId: record.triageId, done: false });
      }
    }
  }
  async updateTriage(triageId: string, changes: TriageChanges): Promise<void> {
    this.#write(`updateTriage:${Object.keys(changes).join(',')}`);
    const r = this.triages.get(triageId);
    if (r) this.triages.set(triageId, { ...r, ...changes });
  }
  async getTriage(triageId: string): Promise<TriageRecord | undefined> {
    const r = this.triages.get(triageId);
    return r ? structuredClone(r) : undefined;
  }
  async triageIdForCommand(commandId: string): Promise<string | undefined> {
    return this.commands.get(commandId);
  }
  async latestTriageOf(alarmArn: string): Promise<TriageRecord | undefined> {
    const latest = this.latest.get(alarmArn);
    return latest ? this.getTriage(latest.triageId) : undefined;
  }
  async saveResult(result: CaptureResult): Promise<boolean> {
    const key = `${result.triageId}/${result.instanceId}/${result.commandId}`;
    if (this.results.has(key)) return false;
    this.#write('saveResult');
    this.results.set(key, structuredClone(result));
    return true;
  }
  async getResult(
    triageId: string,
    instanceId: string,
    commandId: string,
  ): Promise<CaptureResult | undefined> {
    const r = this.results.get(`${triageId}/${instanceId}/${commandId}`);
    return r ? structuredClone(r) : undefined;
  }
  async markNotified(result: CaptureResult, at: Date): Promise<void> {
    this.#write('markNotified');
    const key = `${result.triageId}/${result.instanceId}/${result.commandId}`;
    const stored = this.results.get(key);
    if (stored) this.results.set(key, { ...stored, notifiedAt: at.toISOString() });
    if (result.deadline) {
      const d = this.deadlines.get(`${result.deadline}#${result.commandId}#${result.instanceId}`);
      if (d) d.done = true;
    }
  }
  async overdueCaptures(now: Date, since: Date): Promise<OverdueCapture[]> {
    return [...this.deadlines.entries()]
      .filter(([key, d]) => {
        const at = key.split('#')[0] as string;
        return !d.done && at >= since.toISOString() && at <= now.toISOString();
      })
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, d]) => {
        const [deadline, commandId, instanceId] = key.split('#') as [string, string, string];
        return { triageId: d.triageId, deadline, commandId, instanceId };
      });
  }
  async parkEvent(event: ParkedEvent): Promise<void> {
    this.parked.set(`${event.parkedAt}#${event.commandId}#${event.instanceId}`, {
      ...event,
      done: false,
    });
  }
  async parkedEvents(now: Date, since: Date): Promise<ParkedEvent[]> {
    return [...this.parked.values()]
      .filter(
        (e) => !e.done && e.parkedAt >= since.toISOString() && e.parkedAt <= now.toISOString(),
      )
      .map(({ done: _done, ...event }) => event);
  }
  /** History items by `target|startedAt#triageId`. */
  readonly history = new Map<string, TargetEvent>();
  async noteHistory(
    targets: readonly string[],
    triage: Pick<TargetEvent, 'triageId' | 'startedAt'>,
    fields: Partial<TargetEvent>,
    _now: Date,
    options: { firstOnly?: boolean } = {},
  ): Promise<void> {
    this.#write('noteHistory');
    for (const target of targets) {
      const key = `${target}|${triage.startedAt}#${triage.triageId}`;
      const was = this.history.get(key) ?? { target, ...triage, alarmName: '' };
      const kept = options.firstOnly
        ? Object.fromEntries(
            Object.entries(fields).filter(
              ([k]) => !(k in was) || (was as unknown as Record<string, unknown>)[k] === '',
            ),
          )
        : fields;
      this.history.set(key, { ...was, ...kept });
    }
  }
  async historyOf(target: string, since: Date): Promise<TargetEvent[]> {
    return [...this.history.values()]
      .filter((e) => e.target === target && e.startedAt >= since.toISOString())
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
  readonly storms = new Map<string, Storm>();
  async joinStorm(target: string, triageId: string, now: Date, windowMs: number): Promise<Storm> {
    this.#write('joinStorm');
    const open = this.storms.get(target);
    if (!open || open.until <= now.toISOString()) {
      const storm = {
        leader: triageId,
        members: [triageId],
        until: new Date(now.getTime() + windowMs).toISOString(),
      };
      this.storms.set(target, storm);
      return structuredClone(storm);
    }
    if (!open.members.includes(triageId)) open.members.push(triageId);
    return structuredClone(open);
  }
  async setStormCard(target: string, leader: string, card: NotificationHandle): Promise<void> {
    const storm = this.storms.get(target);
    if (storm?.leader === leader) storm.card = card;
  }
  async stormOf(target: string): Promise<Storm | undefined> {
    const storm = this.storms.get(target);
    return storm ? structuredClone(storm) : undefined;
  }
  async unpark(event: ParkedEvent): Promise<void> {
    const e = this.parked.get(`${event.parkedAt}#${event.commandId}#${event.instanceId}`);
    if (e) e.done = true;
  }
}

export class RecordingNotifier implements Notifier {
  readonly started: TriageStartedNotice[] = [];
  readonly done: TriageDoneNotice[] = [];
  readonly failed: TriageFailedNotice[] = [];
  readonly resolved: AlarmResolvedNotice[] = [];
  /** Thrown by the next calls, one each, before anything is recorded. */
  readonly failures: Error[] = [];
  /** Where each call is written as `notify:<method>` (a store's `writes`, to check order). */
  readonly journal: string[];

  constructor(journal: string[] = []) {
    this.journal = journal;
  }

  get count(): number {
    return this.started.length + this.done.length + this.failed.length + this.resolved.length;
  }
  #maybeFail(method: string): void {
    const error = this.failures.shift();
    if (error) throw error;
    this.journal.push(`notify:${method}`);
  }
  async triageStarted(notice: TriageStartedNotice): Promise<NotificationHandle> {
    this.#maybeFail('triageStarted');
    this.started.push(notice);
    return { channel: 'C0TEST', ts: '1700000000.000100' };
  }
  async triageDone(notice: TriageDoneNotice): Promise<void> {
    this.#maybeFail('triageDone');
    this.done.push(notice);
  }
  async triageFailed(notice: TriageFailedNotice): Promise<void> {
    this.#maybeFail('triageFailed');
    this.failed.push(notice);
  }
  async alarmResolved(notice: AlarmResolvedNotice): Promise<void> {
    this.#maybeFail('alarmResolved');
    this.resolved.push(notice);
  }
  readonly digests: WeeklyDigest[] = [];
  async weeklyDigest(digest: WeeklyDigest): Promise<void> {
    this.#maybeFail('weeklyDigest');
    this.digests.push(digest);
  }
}

/** A notifier failure that may pass later (a Slack 429), and one that never will. */
export const retryableFailure = (): Error =>
  Object.assign(new Error('chat.postMessage: rate limited by Slack'), { retryable: true });
export const permanentFailure = (): Error =>
  Object.assign(new Error('chat.postMessage: Slack said not_in_channel'), { retryable: false });

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

/** The alarm is in ALARM since its event's time unless a test says otherwise. */
export class FakeAlarmStates implements AlarmStates {
  readonly asked: string[] = [];
  answer: AlarmNow | undefined | Error | 'as-event' = 'as-event';
  changedAt = '2026-11-22T09:10:40.989Z';
  async current(alarmName: string): Promise<AlarmNow | undefined> {
    this.asked.push(alarmName);
    if (this.answer instanceof Error) throw this.answer;
    if (this.answer === 'as-event') return { state: 'ALARM', updatedAt: this.changedAt };
    return this.answer;
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

/**
 * The alarm and capture-done functions' dependencies over one store, executor, notifier and
 * clock, as in a deployment: what one writes the other reads. The notifier journals into the
 * memory store's `writes`, so a test can check what was stored before what was told.
 */
export const triageWorld = <S extends TriageStore = MemoryStore>(store?: S) => {
  const memory = store ?? (new MemoryStore() as unknown as S);
  const executor = new FakeExecutor();
  const notifier = new RecordingNotifier(memory instanceof MemoryStore ? memory.writes : []);
  const clock = new FakeClock();
  const alarms = new FakeAlarmStates();
  const awsContext = new FakeAwsContext();
  const optIn = { key: 'alert-triage:enabled', value: 'true' };
  const start = {
    store: memory,
    targets: new FakeTargets(),
    children: new FakeChildren(),
    alarms,
    reachability: new FakeReachability(),
    executor,
    awsContext,
    notifier,
    clock,
    logger: new MemoryLog(),
    settings: {
      hottest: 3,
      seconds: 10,
      deep: 'auto' as const,
      optIn,
      cooldownSeconds: 600,
      stormWindowMs: 600_000,
      peer: true,
    },
  };
  const finish = {
    store: memory,
    executor,
    awsContext,
    notifier,
    clock,
    logger: new MemoryLog(),
    optIn,
  };
  return { store: memory, executor, notifier, clock, alarms, start, finish };
};
