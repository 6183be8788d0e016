/**
 * The Slack messages of a triage, as Block Kit JSON: pure functions from the views of
 * `view.ts` to `{ text, blocks }`. Delivery (post, update, upload) is the notifier's job.
 * Every text is redacted (the second layer) and escaped before it is placed, the fallback
 * `text` included (`<!channel>` in an alarm name must not ping anyone), and every block is kept
 * within Block Kit's limits by cutting at line boundaries ("… N more").
 */
import type { CreditMode } from '../../core/burstable.js';
import type { Triage } from '../../core/classify.js';
import type { Diagnosis } from '../../core/diagnosis.js';
import { redactSecrets } from '../../core/redact.js';
import { ACTION_IDS, isTriageId } from './actions.js';
import type { Block, ButtonElement, ContextBlock, Mrkdwn, SlackMessage } from './blocks.js';
import { escapeMrkdwn } from './escape.js';
import { joinWithin, keepWithin, LIMITS, truncate } from './limits.js';
import { changesSection } from './sections/changes.js';
import { feedbackBlocks } from './sections/feedback.js';
import { peerSection } from './sections/peer.js';
import { remedyBlocks } from './sections/remedies.js';
import type {
  AlarmView,
  FailedView,
  FleetInstanceView,
  FleetView,
  GlanceView,
  HistoryView,
  RerunView,
  ResolvedView,
  StartedView,
  TriageView,
} from './view.js';

/** What the notifier knows about the host and the capture beyond the view. */
export interface CardContext {
  instanceType?: string;
  creditMode?: CreditMode;
  beanstalkEnvironment?: string;
  autoScalingGroup?: string;
  /** Region for the console links; the alarm's own region otherwise. */
  region?: string;
  classifierVersion?: string;
  /** What the capture cost, US dollars, when known. */
  captureCostUsd?: number;
  /** The alarm is muted: the card offers Unmute instead of Mute 1 h. */
  muted?: boolean;
}

/** Secondary diagnoses shown in full; the rest are named in one line. */
const MAX_SECONDARY = 3;
/** The fallback `text`: what a notification shows; short on purpose. */
const FALLBACK_LIMIT = 300;

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Redacted, and escaped for mrkdwn (`&`, `<`, `>` are Slack's control characters). */
const md = (text: string): string => escapeMrkdwn(redactSecrets(text));

/** Inside a code span or block: redacted and escaped, backticks softened so they cannot end it. */
const code = (text: string): string => md(text).replaceAll('`', 'ʼ');

const plain = (text: string, limit: number) => ({
  type: 'plain_text' as const,
  text: truncate(redactSecrets(text).replace(/\s+/g, ' ').trim() || '—', limit),
  emoji: true,
});

/**
 * `verbatim`: Slack would otherwise turn bare URLs, channel names and some mentions in the
 * text into links and pings; every link on a card is a button.
 */
const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text, verbatim: true });

/** A section of lines kept within the section limit. */
const section = (lines: readonly string[]): Block => ({
  type: 'section',
  text: mrkdwn(joinWithin(lines, LIMITS.sectionText)),
});

/** A section whose body is monospace lines under a bold title, cut at a line boundary. */
const codeSection = (title: string, lines: readonly string[]): Block => {
  const head = `*${title}*\n\`\`\`\n`;
  const tail = '\n```';
  const body = joinWithin(lines, LIMITS.sectionText - head.length - tail.length);
  return { type: 'section', text: mrkdwn(`${head}${body}${tail}`) };
};

const context = (parts: readonly string[]): ContextBlock => ({
  type: 'context',
  elements: keepWithin(parts, LIMITS.contextElements, (n) => `… ${n} more`).map((p) =>
    mrkdwn(truncate(p, LIMITS.sectionText)),
  ),
});

const confidenceWord = (c: number) => (c >= 0.8 ? 'strong' : c >= 0.4 ? 'suggestive' : 'weak');

const confidenceText = (c: number) => `confidence ${c.toFixed(2)} (${confidenceWord(c)})`;

/** `2026-11-22 10:42 UTC`; the text as given when it is not a time. */
const when = (iso: string | undefined): string | undefined => {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

/** `10:42 UTC` */
const clock = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(11, 16)} UTC`;
};

/** `17 min`, `2 h 5 min`, `40 s` */
const span = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
};

const listed = (items: readonly string[]): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

// ---------------------------------------------------------------------------------------------
// Console links

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const COMMAND_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The alarm in the CloudWatch console; undefined when the region is not a region code. */
export const alarmConsoleUrl = (region: string, alarmName: string): string | undefined =>
  REGION.test(region)
    ? `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`
    : undefined;

/** The SSM Run Command output of one instance; undefined for ids that are not SSM's shape. */
export const commandConsoleUrl = (
  region: string,
  commandId: string,
  instanceId?: string,
): string | undefined => {
  if (!REGION.test(region) || !COMMAND_ID.test(commandId)) return undefined;
  const path = instanceId ? `${commandId}/${encodeURIComponent(instanceId)}` : commandId;
  return `https://${region}.console.aws.amazon.com/systems-manager/run-command/${path}?region=${region}`;
};

// ---------------------------------------------------------------------------------------------
// Buttons

const button = (
  actionId: string,
  label: string,
  triageId: string,
  extra: Partial<ButtonElement> = {},
): ButtonElement => ({
  type: 'button',
  action_id: actionId,
  text: plain(label, LIMITS.buttonText),
  value: triageId,
  ...extra,
});

interface ButtonOptions {
  triageId: string;
  alarm: AlarmView;
  region: string;
  commandId?: string;
  instanceId?: string;
  muted?: boolean;
  /** Rerun, Deep capture and Mute: only where the bot can act (not on an incoming webhook). */
  interactive: boolean;
  /** The alarm has resolved: no Rerun or Deep capture (the triage is closed); Mute stays. */
  resolved?: boolean;
}

/**
 * The card's buttons. Values carry only the triage id; a malformed id gets no interactive
 * button at all (the listeners would refuse it anyway).
 */
const actions = (o: ButtonOptions): Block | undefined => {
  const elements: ButtonElement[] = [];
  if (o.interactive && isTriageId(o.triageId)) {
    if (!o.resolved) {
      elements.push(
        button(ACTION_IDS.rerun, 'Rerun capture', o.triageId, { style: 'primary' }),
        button(ACTION_IDS.deep, 'Deep capture', o.triageId),
      );
    }
    elements.push(
      o.muted
        ? button(ACTION_IDS.unmute, 'Unmute', o.triageId)
        : button(ACTION_IDS.mute, 'Mute 1 h', o.triageId),
    );
  }
  const alarmUrl = alarmConsoleUrl(o.region, o.alarm.name);
  const commandUrl = o.commandId && commandConsoleUrl(o.region, o.commandId, o.instanceId);
  // Link buttons send a block_actions event too; they carry the same opaque value.
  const linkValue = isTriageId(o.triageId) ? { value: o.triageId } : {};
  if (alarmUrl) {
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.openAlarm,
      text: plain('CloudWatch alarm', LIMITS.buttonText),
      url: alarmUrl,
      ...linkValue,
    });
  }
  if (commandUrl) {
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.openCommand,
      text: plain('SSM command', LIMITS.buttonText),
      url: commandUrl,
      ...linkValue,
    });
  }
  return elements.length > 0 ? { type: 'actions', elements } : undefined;
};

// ---------------------------------------------------------------------------------------------
// Diagnosis blocks

const evidenceLines = (d: Diagnosis): string[] =>
  d.evidence.map((e) => `• ${code(e.text)}  ← ${code(truncate(e.source, 60))}`);

const fixLines = (d: Diagnosis): string[] =>
  d.fixes.map((f, i) => {
    const lines = [`${i + 1}. *${md(f.title)}* (${md(f.when)})`];
    if (f.detail) lines.push(`    ${md(f.detail)}`);
    if (f.command) lines.push(`    \`${code(truncate(f.command, 1000))}\``);
    return lines.join('\n');
  });

/** Evidence and fixes of one diagnosis; `title` prefixes the first block for secondaries. */
const diagnosisBlocks = (d: Diagnosis, title?: string): Block[] => {
  const out: Block[] = [];
  if (title) {
    out.push(
      section([`*${md(title)}* — ${confidenceText(d.confidence)}`, md(d.summary)].filter(Boolean)),
    );
  }
  if (d.evidence.length > 0) out.push(codeSection('Evidence', evidenceLines(d)));
  if (d.fixes.length > 0) out.push(section(['*Fixes*', ...fixLines(d)]));
  return out;
};

/** Summary, evidence, fixes, also-found, ruled out and missing: the body every card shares. */
const triageBody = (
  triage: Triage,
  partial?: { message: string },
  afterSummary: Block[] = [],
): Block[] => {
  const [primary, ...others] = triage.diagnoses;
  const out: Block[] = [];
  const summary = [`*${md(triage.headline)}*`, `_${confidenceText(triage.confidence)}_`];
  if (primary?.chain) summary.push(`chain: ${md(primary.chain)}`);
  if (partial) summary.push(`:warning: partial capture: ${md(partial.message)}`);
  out.push(section(summary), ...afterSummary);
  if (primary) out.push(...diagnosisBlocks(primary));
  for (const d of others.slice(0, MAX_SECONDARY))
    out.push(...diagnosisBlocks(d, `Also: ${d.cause}`));
  if (others.length > MAX_SECONDARY) {
    const rest = others.slice(MAX_SECONDARY).map((d) => `${d.cause} (${d.confidence.toFixed(2)})`);
    out.push(section([`*Also found:* ${md(rest.join(', '))}`]));
  }
  if (triage.ruledOut.length > 0) {
    out.push(
      section(['*Ruled out*', ...triage.ruledOut.map((r) => `• ${md(r.cause)}: ${md(r.reason)}`)]),
    );
  }
  if (triage.missing.length > 0 && triage.cause !== 'healthy') {
    out.push(section(['*Not in this capture*', ...triage.missing.map((m) => `• ${md(m)}`)]));
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// Messages

/** Keeps a message within 50 blocks: the blocks before the last `keepTail` are cut first. */
const withinBlockLimit = (blocks: Block[], keepTail: number): Block[] => {
  if (blocks.length <= LIMITS.blocksPerMessage) return blocks;
  const tail = blocks.slice(blocks.length - keepTail);
  const head = blocks.slice(0, LIMITS.blocksPerMessage - keepTail - 1);
  const dropped = blocks.length - keepTail - head.length;
  return [...head, section([`_… ${dropped} more sections not shown_`]), ...tail];
};

/** The notification's text: Slack reads `<…>` and `&` in it as in mrkdwn, so it is escaped. */
const fallback = (text: string) => truncate(md(text).replace(/\s+/g, ' '), FALLBACK_LIMIT);

/** "Triaging <alarm> on <instance> (capturing ~12 s)…", posted at once and updated later. */
export const renderStartedMessage = (view: StartedView): SlackMessage => {
  const ids = view.instanceIds;
  const shown = ids.length > 5 ? [...ids.slice(0, 4), `${ids.length - 4} more`] : ids;
  const on = ids.length > 0 ? ` on ${listed(shown)}` : '';
  const of =
    view.candidates > ids.length ? ` (the ${ids.length} busiest of ${view.candidates})` : '';
  const line = `Triaging ${view.alarm.name}${on}${of} (capturing ~${view.seconds + 2} s)…`;
  return {
    text: fallback(line),
    blocks: [
      section([`:hourglass_flowing_sand: ${md(line)}`]),
      context([`triage ${md(view.triageId)}`, md(truncate(view.alarm.reason, 500))]),
    ],
  };
};

export interface TriageMessageOptions {
  /** Rerun, Deep capture and Mute buttons (not on an incoming webhook). Default true. */
  interactive?: boolean;
  /**
   * One status line above the card ("resolved at 10:42 UTC after 17 min", a rerun's verdict):
   * mrkdwn text, redacted and escaped here, so it carries emoji and `*bold*` but no links.
   */
  status?: string;
  /** The alarm has resolved: the card keeps Mute and the links, not Rerun or Deep capture. */
  resolved?: boolean;
}

/** The status line's fallback text: no emoji codes, no bold marks. */
const statusText = (status: string): string =>
  status
    .replace(/:[a-z0-9_+-]+:/g, '')
    .replaceAll('*', '')
    .trim();

/** The triage card of one instance: what is wrong, how sure, why, what to do, what was ruled out. */
export const renderTriageMessage = (
  view: TriageView,
  cardContext: CardContext = {},
  options: TriageMessageOptions = {},
): SlackMessage => {
  const { triage, alarm } = view;
  const facts = triage.facts;
  const host =
    facts.host && facts.host !== view.instanceId
      ? `${view.instanceId} (${facts.host})`
      : view.instanceId;
  const region = cardContext.region ?? alarm.region;

  const type = cardContext.instanceType ?? facts.instance?.type;
  const mode = cardContext.creditMode ?? facts.instance?.creditMode?.value;
  const guessed = !cardContext.creditMode && facts.instance?.creditMode?.from === 'family default';
  const typeText = type
    ? `${type}${mode ? `, ${mode} credits${guessed ? ' (family default)' : ''}` : ''}`
    : undefined;
  const env = cardContext.beanstalkEnvironment ?? facts.instance?.beanstalkEnvironment;
  const asg = cardContext.autoScalingGroup ?? facts.instance?.autoScalingGroup;
  const fields: [string, string | undefined][] = [
    ['Alarm', alarm.name],
    ['State since', when(alarm.changedAt)],
    ['Instance', view.instanceId],
    ['Type', typeText],
    env ? ['Beanstalk environment', env] : ['Auto Scaling group', asg],
    ['Captured at', when(facts.capturedAt)],
  ];

  const footer = [
    view.commandId ? `capture ${md(view.commandId)}` : undefined,
    `triage ${md(view.triageId)}`,
    cardContext.classifierVersion ? `classifier ${md(cardContext.classifierVersion)}` : undefined,
    cardContext.captureCostUsd !== undefined
      ? `capture cost ≈ $${cardContext.captureCostUsd.toPrecision(2)}`
      : undefined,
  ].filter((p): p is string => p !== undefined);

  const buttons = actions({
    triageId: view.triageId,
    alarm,
    region,
    ...(view.commandId ? { commandId: view.commandId } : {}),
    instanceId: view.instanceId,
    muted: cardContext.muted === true,
    interactive: options.interactive ?? true,
    resolved: options.resolved === true,
  });

  const feedback = feedbackBlocks(view, options.interactive ?? true);
  const blocks: Block[] = [
    ...(options.status ? [section([md(options.status)])] : []),
    { type: 'header', text: plain(`${triage.cause} on ${host}`, LIMITS.headerText) },
    ...triageBody(triage, view.partial, [
      {
        type: 'section',
        fields: fields
          .filter((f): f is [string, string] => Boolean(f[1]))
          .map(([k, v]) => mrkdwn(truncate(`*${k}*\n${md(v)}`, LIMITS.sectionFieldText))),
      },
      ...remedyBlocks(view),
    ]),
    ...changesSection(facts, alarm.changedAt),
    ...peerSection(view.peer),
    ...(view.history ? [context([historyLine(view.history)])] : []),
    context(footer),
    ...(buttons ? [buttons] : []),
    ...feedback,
  ];
  const summary = `${triage.cause} on ${host}${alarm.name ? ` (${alarm.name})` : ''}: ${triage.headline}`;
  return {
    text: fallback(options.status ? `${statusText(options.status)} — ${summary}` : summary),
    blocks: withinBlockLimit(blocks, (buttons ? 3 : 2) + feedback.length),
  };
};

/**
 * `Seen 4 times on web-prod in 30 days: syscall-storm 3×, healthy 1× · last resolved after 18 min
 * · last rerun showed resolved (2026-11-20 09:12 UTC)`
 */
export const historyLine = (h: HistoryView): string => {
  const times = h.seen === 1 ? 'once' : `${h.seen} times`;
  const causes = h.causes.map((c) => `${md(c.cause)} ${c.count}×`).join(', ');
  return [
    `Seen ${times} on ${md(h.target)} in ${h.days} days${causes ? `: ${causes}` : ''}`,
    h.lastResolvedAfterMs !== undefined
      ? `last resolved after ${span(h.lastResolvedAfterMs)}`
      : undefined,
    h.lastRerun
      ? `last rerun showed ${md(h.lastRerun.verdict)}${h.lastRerun.after ? ` after ${md(h.lastRerun.after)}` : ''} (${when(h.lastRerun.at)})`
      : undefined,
  ]
    .filter((part): part is string => part !== undefined)
    .join(' · ');
};

const glanceLines = (g: GlanceView): string[] => {
  const lines: string[] = [];
  if (g.instanceType) {
    lines.push(`instance type ${g.instanceType}${g.creditMode ? `, ${g.creditMode} credits` : ''}`);
  }
  if (g.cpu) {
    lines.push(
      `CPUUtilization ${g.cpu.latest.toFixed(1)}% at ${when(g.cpu.at)}, max ${g.cpu.max.toFixed(1)}% over the last 3 h (${g.cpu.points} points)`,
    );
  }
  if (g.creditBalance) {
    lines.push(
      `CPUCreditBalance ${g.creditBalance.latest.toFixed(1)} at ${when(g.creditBalance.at)}`,
    );
  }
  if (g.memoryUsedPercent) {
    lines.push(
      `mem_used_percent ${g.memoryUsedPercent.latest.toFixed(1)}% at ${when(g.memoryUsedPercent.at)}`,
    );
  }
  return lines;
};

/** A triage that could not run: why, in plain words, and what CloudWatch alone shows. */
export const renderFailedMessage = (
  view: FailedView,
  cardContext: CardContext = {},
): SlackMessage => {
  const on = view.instanceId ? ` on ${view.instanceId}` : '';
  const glance = view.glance ? glanceLines(view.glance) : [];
  const buttons = actions({
    triageId: view.triageId,
    alarm: view.alarm,
    region: cardContext.region ?? view.alarm.region,
    interactive: false,
  });
  const blocks: Block[] = [
    {
      type: 'header',
      text: plain(`Could not triage ${view.alarm.name}${on}`, LIMITS.headerText),
    },
    section([`:warning: ${md(view.reason.message)}`]),
    glance.length > 0
      ? codeSection('What CloudWatch shows', glance.map(code))
      : section(['_CloudWatch had no recent data for this instance either._']),
    context([`reason ${md(view.reason.code)}`, `triage ${md(view.triageId)}`]),
    ...(buttons ? [buttons] : []),
  ];
  return {
    text: fallback(`Could not triage ${view.alarm.name}${on}: ${view.reason.message}`),
    blocks,
  };
};

const resolvedLine = (view: ResolvedView): string =>
  `${view.alarm.name} resolved at ${clock(view.alarm.changedAt)} after ${span(view.durationMs)}`;

/** The status line of a card whose alarm went back to OK, for {@link renderTriageMessage}. */
export const resolvedStatus = (view: ResolvedView): string =>
  `:white_check_mark: *${resolvedLine(view)}*`;

/** The alarm went back to OK and no diagnosis is kept: "resolved at 10:42 UTC after 17 min". */
export const renderResolvedMessage = (view: ResolvedView): SlackMessage => {
  const line = resolvedLine(view);
  return {
    text: fallback(line),
    blocks: [
      section([`:white_check_mark: ${md(line)}`]),
      context([`triage ${md(view.triageId)}`, md(truncate(view.alarm.reason, 500))]),
    ],
  };
};

const VERDICT_ICON = {
  resolved: ':white_check_mark:',
  improved: ':arrow_down_small:',
  unchanged: ':heavy_minus_sign:',
  worse: ':x:',
} as const;

const NOTHING_TO_COMPARE = 'no earlier capture to compare';

/**
 * A rerun's verdict line: the before/after summary, or the new diagnosis when there was no
 * earlier capture to compare with. Leads the thread reply and, as the `status` of
 * {@link renderTriageMessage}, the card.
 */
export const rerunStatus = (view: Pick<RerunView, 'comparison' | 'triage'>): string =>
  view.comparison
    ? `${VERDICT_ICON[view.comparison.verdict]} *${view.comparison.summary}*`
    : `:repeat: *rerun: ${view.triage.cause}* (${NOTHING_TO_COMPARE})`;

/**
 * The thread reply after a rerun: the before/after line ("sy 37% → 3%, rt_sigreturn 127k/s →
 * 0.2k/s: resolved"), each measure that moved, then the new diagnosis.
 */
export const renderRerunReply = (view: RerunView, cardContext: CardContext = {}): SlackMessage => {
  const { comparison, triage } = view;
  const blocks: Block[] = [section([md(rerunStatus(view))])];
  if (comparison) {
    const moved = comparison.changes.map(
      (c) => `${c.better === null ? ' ' : c.better ? '+' : '-'} ${code(c.text)}`,
    );
    if (moved.length > 0) blocks.push(codeSection('Before → after', moved));
  }
  blocks.push(...triageBody(triage, view.partial));
  const footer = [
    view.commandId ? `capture ${md(view.commandId)}` : undefined,
    `triage ${md(view.triageId)}`,
    cardContext.classifierVersion ? `classifier ${md(cardContext.classifierVersion)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  blocks.push(context(footer));
  const head = comparison ? comparison.summary : `rerun: ${triage.cause} (${NOTHING_TO_COMPARE})`;
  return {
    text: fallback(`${head} (${view.instanceId}): ${triage.headline}`),
    blocks: withinBlockLimit(blocks, 1),
  };
};

/** Instances shown as sections; the rest are counted in one line. */
const MAX_FLEET_SECTIONS = 40;

const fleetSection = (i: FleetInstanceView): Block => {
  const name = `${i.alarmName ? `${md(i.alarmName)} · ` : ''}*${md(i.instanceId)}*${i.instanceType ? ` (${md(i.instanceType)})` : ''}`;
  if ('failure' in i) {
    return section([`${name} — :warning: not triaged: ${md(i.failure.message)}`]);
  }
  if ('capturing' in i) return section([`${name} — capturing…`]);
  const [primary] = i.triage.diagnoses;
  const lines = [
    `${name} — *${md(i.triage.cause)}*, ${confidenceText(i.triage.confidence)}`,
    md(i.triage.headline),
    ...(primary?.evidence.slice(0, 2).map((e) => `• \`${code(truncate(e.text, 200))}\``) ?? []),
  ];
  const fix = primary?.fixes[0];
  if (fix) {
    lines.push(
      `1. ${md(fix.title)}${fix.command ? ` \`${code(truncate(fix.command, 300))}\`` : ''}`,
    );
  }
  return section(lines);
};

/**
 * A fleet alarm (an Auto Scaling group, a Beanstalk environment, several instances): one
 * message for the alarm, a section per instance, the most common cause in the header.
 */
export const renderFleetMessage = (
  view: FleetView,
  cardContext: CardContext = {},
  options: { interactive?: boolean } = {},
): SlackMessage => {
  const { alarm, instances } = view;
  const causes = new Map<string, number>();
  for (const i of instances) {
    if ('triage' in i) causes.set(i.triage.cause, (causes.get(i.triage.cause) ?? 0) + 1);
  }
  const common = [...causes.entries()].sort((a, b) => b[1] - a[1])[0];
  const triaged = instances.filter((i) => 'triage' in i).length;
  const of = view.candidates && view.candidates > instances.length ? ` of ${view.candidates}` : '';
  const head = view.storm
    ? common
      ? `${common[1]} of ${instances.length} instances: ${common[0]}`
      : `${view.storm.length} alarms: no instance triaged yet`
    : common
      ? `${common[0]} on ${common[1]} of ${instances.length} instances${of}`
      : `${alarm.name}: no instance could be triaged`;
  const group = cardContext.beanstalkEnvironment ?? cardContext.autoScalingGroup;
  const alarms = view.storm
    ? `*${view.storm.length} alarms* within minutes: ${joinWithin(view.storm.map(md), 600, ', ')}`
    : undefined;
  const shown = keepWithin(instances, MAX_FLEET_SECTIONS, () => undefined);
  const blocks: Block[] = [
    { type: 'header', text: plain(head, LIMITS.headerText) },
    section([
      alarms ??
        `*${md(alarm.name)}*${group ? ` on ${md(group)}` : ''} — ${triaged} of ${instances.length} instances triaged${of}`,
    ]),
    ...shown.map((i) =>
      i
        ? fleetSection(i)
        : section([`_… ${instances.length - MAX_FLEET_SECTIONS + 1} more instances_`]),
    ),
    context(
      [
        `triage ${md(view.triageId)}`,
        cardContext.classifierVersion ? `classifier ${md(cardContext.classifierVersion)}` : '',
      ].filter(Boolean),
    ),
  ];
  const buttons = actions({
    triageId: view.triageId,
    alarm,
    region: cardContext.region ?? alarm.region,
    muted: cardContext.muted === true,
    interactive: options.interactive ?? true,
  });
  if (buttons) blocks.push(buttons);
  return { text: fallback(`${head} (${alarm.name})`), blocks };
};
