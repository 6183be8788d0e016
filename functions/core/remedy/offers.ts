/**
 * The fixes alert-triage can apply itself, on a person's approval: from a diagnosis, the safe and
 * reversible AWS-side changes it supports. Pure: the card offers them, and the Slack function
 * derives them again from the stored capture when the button is pressed, so an offer is never
 * read back from the payload.
 *
 * - credit exhaustion on a burstable instance in standard mode → switch it to unlimited
 *   (`ModifyInstanceCreditSpecification`; switching back is the same call);
 * - a syscall storm whose process runs with the Datadog profiler on, on a Beanstalk instance →
 *   set `DD_PROFILING_ENABLED=false` in the environment's properties (`UpdateEnvironment`, a
 *   rolling update; setting it back is the same call) — seed 000's fix;
 * - a runaway or leaking process whose systemd unit is known → restart that unit on the one
 *   instance, through the stack's restart document (Beanstalk's app server is `web.service`).
 *
 * An instance's credit mode guessed from its family is not enough to offer a change: only a
 * mode AWS or a person stated.
 */
import type { Triage } from '../classify.js';
import type { Diagnosis } from '../diagnosis.js';
import type { Facts, ProcessFacts } from '../facts/types.js';

export const REMEDY_KINDS = ['unlimited-credits', 'environment-setting', 'restart-unit'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

export type RemedyOffer =
  | { kind: 'unlimited-credits'; reason: string }
  | {
      kind: 'environment-setting';
      environment: string;
      name: string;
      value: string;
      reason: string;
    }
  | { kind: 'restart-unit'; unit: string; reason: string };

/**
 * The units the restart document accepts (its `allowedPattern`, checked by SSM before the
 * command reaches the host): a plain `.service` name, nothing a shell would read.
 */
export const RESTART_UNIT = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}\.service$/;

/** The unit Elastic Beanstalk's Amazon Linux 2 and 2023 platforms run the application as. */
export const BEANSTALK_APP_UNIT = 'web.service';

/** The profiler flag of seed 000 and the value that turns the profiler off. */
export const PROFILER_FLAG = { name: 'DD_PROFILING_ENABLED', off: 'false' } as const;

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/**
 * The process a diagnosis is about; every process when it names none, or names one the process
 * list does not show (seed 000's strace was on a worker thread's id).
 */
const processesOf = (facts: Facts, d: Diagnosis): ProcessFacts[] => {
  const own = facts.processes.filter((p) => p.pid === d.pid);
  return own.length > 0 ? own : facts.processes;
};

const unlimitedCredits = (triage: Triage): RemedyOffer | undefined => {
  const instance = triage.facts.instance;
  const mode = instance?.creditMode;
  if (!triage.diagnoses.some((d) => d.cause === 'credit-exhaustion')) return undefined;
  if (!instance?.burstable || mode?.value !== 'standard' || mode.from === 'family default') {
    return undefined;
  }
  return {
    kind: 'unlimited-credits',
    reason: `credit exhaustion on ${instance.type ?? 'a burstable instance'} in standard mode`,
  };
};

const profilerOff = (triage: Triage): RemedyOffer | undefined => {
  const environment = triage.facts.instance?.beanstalkEnvironment;
  if (!environment) return undefined;
  const storm = triage.diagnoses.find(
    (d) =>
      d.cause === 'syscall-storm' &&
      processesOf(triage.facts, d).some((p) => truthy(p.env?.[PROFILER_FLAG.name])),
  );
  if (!storm) return undefined;
  return {
    kind: 'environment-setting',
    environment,
    name: PROFILER_FLAG.name,
    value: PROFILER_FLAG.off,
    reason: `syscall storm with ${PROFILER_FLAG.name} on, in Beanstalk environment ${environment}`,
  };
};

/** The unit of the diagnosed process: Beanstalk's app server, or one an OOM-kill line named. */
const unitOf = (facts: Facts, d: Diagnosis): string | undefined => {
  if (facts.instance?.beanstalkEnvironment) return BEANSTALK_APP_UNIT;
  const names = new Set(processesOf(facts, d).map((p) => p.name));
  const named = facts.kernelEvents.find(
    (e) =>
      e.unit !== undefined &&
      (d.pid === undefined || e.pid === d.pid || (e.process && names.has(e.process))),
  )?.unit;
  return named && RESTART_UNIT.test(named) ? named : undefined;
};

const restartUnit = (triage: Triage): RemedyOffer | undefined => {
  for (const d of triage.diagnoses) {
    if (d.cause !== 'runaway-process' && d.cause !== 'memory-creep') continue;
    const unit = unitOf(triage.facts, d);
    if (unit) return { kind: 'restart-unit', unit, reason: `${d.cause}: ${d.summary}` };
  }
  return undefined;
};

/** The fixes this triage allows, at most one of each kind, in {@link REMEDY_KINDS} order. */
export const remedyOffers = (triage: Triage): RemedyOffer[] =>
  [unlimitedCredits(triage), profilerOff(triage), restartUnit(triage)].filter(
    (o): o is RemedyOffer => o !== undefined,
  );

/** The offer of this kind, when the triage still allows it. */
export const offerOfKind = (triage: Triage, kind: RemedyKind): RemedyOffer | undefined =>
  remedyOffers(triage).find((o) => o.kind === kind);

/** What a fix changed, in a few words: `DD_PROFILING_ENABLED=false`, `unlimited credits`. */
export const fixName = (offer: RemedyOffer): string =>
  offer.kind === 'unlimited-credits'
    ? 'unlimited credits'
    : offer.kind === 'environment-setting'
      ? `${offer.name}=${offer.value}`
      : `a restart of ${offer.unit}`;
