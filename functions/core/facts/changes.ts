/**
 * What changed in the hours before the alarm: deploys and configuration updates (Beanstalk's
 * events), instances added or removed (Auto Scaling's activities), management calls on the
 * instance, its group or its environment (CloudTrail), the instance's launch, and the start of
 * the processes the capture lists. Facts to show beside a diagnosis, never a cause by
 * themselves: a deploy five minutes before the alarm makes a young JVM's warm-up likely, it
 * does not show it.
 */
import { blocksOf, type Capture } from '../capture/read.js';
import { sourceOf } from './source.js';
import type { Change, ChangeKind, InstanceFacts, ProcessFacts } from './types.js';

/** How far before the alarm a change counts: Beanstalk deploys and rollbacks take minutes to an hour. */
export const CHANGE_WINDOW_SECONDS = 2 * 3600;
/**
 * Without the alarm's time the capture's is used, and the capture's own commands (`ps`, `top`,
 * the SSM worker) started seconds before it: a process younger than this is not a change.
 */
const CAPTURE_SECONDS = 60;

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Beanstalk's wording, by kind; events of no kind (health transitions) are symptoms, not changes. */
const beanstalkKind = (message: string, versionLabel?: string): ChangeKind | undefined => {
  if (/configuration|option setting/i.test(message)) return 'config';
  if (versionLabel || /deploy|application version/i.test(message)) return 'deploy';
  if (/(?:added|removed) instance/i.test(message)) return 'scaling';
  return undefined;
};

/** Long enough to tell `java -jar app.jar` from another JVM, short enough for a card line. */
const COMMAND_CHARS = 60;

const startedText = (p: ProcessFacts): string => {
  const command = p.command && p.command !== p.name ? p.command : undefined;
  const shown =
    command && command.length > COMMAND_CHARS ? `${command.slice(0, COMMAND_CHARS)}…` : command;
  return `${p.name} (pid ${p.pid}) started${shown ? `: ${shown}` : ''}`;
};

/**
 * The changes in the {@link CHANGE_WINDOW_SECONDS} before `reference` (the alarm, else the
 * capture), oldest first. Read-only API calls are not changes and are left out.
 */
export const deriveChanges = (
  capture: Capture,
  context: {
    reference?: string;
    alarmKnown: boolean;
    capturedAt?: string;
    processes: ProcessFacts[];
    instance?: InstanceFacts;
  },
): Change[] => {
  const end = Date.parse(context.reference ?? '');
  if (!Number.isFinite(end)) return [];
  const start = end - CHANGE_WINDOW_SECONDS * 1000;
  const found: Change[] = [];
  const add = (
    at: string,
    kind: ChangeKind,
    what: string,
    source: string,
    more: Pick<Change, 'by' | 'pid'> = {},
  ) => {
    const ms = Date.parse(at);
    if (!Number.isFinite(ms) || ms < start || ms > end) return;
    found.push({ at: iso(ms), kind, what, source, ...more });
  };

  for (const block of blocksOf(capture, 'aws-elasticbeanstalk-describe-events')) {
    for (const e of block.data) {
      const kind = beanstalkKind(e.message, e.versionLabel);
      const label = e.versionLabel ? `${e.versionLabel}: ` : '';
      if (kind) add(e.at, kind, `${label}${e.message}`, sourceOf(block));
    }
  }
  for (const block of blocksOf(capture, 'aws-autoscaling-describe-scaling-activities')) {
    for (const a of block.data) {
      const status = a.status && a.status !== 'Successful' ? ` (${a.status})` : '';
      add(a.at, 'scaling', `${a.description}${status}`, sourceOf(block));
    }
  }
  for (const block of blocksOf(capture, 'aws-cloudtrail-lookup-events')) {
    for (const e of block.data) {
      if (e.readOnly) continue;
      const on = e.resources.length > 0 ? ` on ${e.resources.slice(0, 3).join(', ')}` : '';
      add(e.at, 'api-call', `${e.name}${on}`, sourceOf(block), {
        ...(e.username ? { by: e.username } : {}),
      });
    }
  }
  const instance = context.instance;
  if (instance?.launchTime) {
    add(
      instance.launchTime,
      'launch',
      instance.id ? `instance ${instance.id} launched` : 'instance launched',
      instance.source,
    );
  }

  const captured = Date.parse(context.capturedAt ?? '');
  if (Number.isFinite(captured)) {
    for (const p of context.processes) {
      if (p.ageSeconds === undefined) continue;
      if (!context.alarmKnown && p.ageSeconds < CAPTURE_SECONDS) continue;
      add(iso(captured - p.ageSeconds * 1000), 'process-start', startedText(p), p.source, {
        pid: p.pid,
      });
    }
  }

  const seen = new Set<string>();
  return found
    .filter((c) => {
      const key = `${c.at} ${c.kind} ${c.what}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
};

/** What changes are judged before: the alarm when known, else the capture. */
export interface ChangeReference {
  at: string;
  what: 'the alarm' | 'the capture';
}

export const changeReference = (facts: {
  alarmAt?: string;
  capturedAt?: string;
}): ChangeReference | undefined =>
  facts.alarmAt
    ? { at: facts.alarmAt, what: 'the alarm' }
    : facts.capturedAt
      ? { at: facts.capturedAt, what: 'the capture' }
      : undefined;

/** Seconds from the change to the reference (positive: the change came first). */
export const secondsBefore = (change: Change, reference: ChangeReference): number =>
  (Date.parse(reference.at) - Date.parse(change.at)) / 1000;
