/**
 * cpu-steal: the hypervisor gives the instance's CPU to someone else (a busy host, a degraded
 * one). Steal (`st`) is time the guest was ready to run but the host did not run it.
 *
 * On a burstable instance in standard mode with its credits spent, steal is how throttling
 * looks from inside; that is credit-exhaustion's finding, so this rule steps aside and says so.
 */
import type { Evidence, Fix, RuleOutcome } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { assessCredits, credits, creditThrottling } from '../credit-exhaustion/judge.js';
import type { Rule } from '../shared/rule.js';
import { singleSample } from '../shared/samples.js';
import { percent } from '../shared/words.js';
import { wantsCpu } from './demand.js';

/**
 * Steal is percent of all CPUs. 10% sustained means a tenth of the instance is missing: enough
 * to slow every request and to show in latency. 5% is noticeable but within what a shared host
 * sometimes shows for minutes. Below 5% steal explains no alarm.
 */
const STRONG_STEAL = 10;
const SUGGESTIVE_STEAL = 5;
/** Share of samples at or above the bar for the steal to count as sustained. */
const SUSTAINED_SHARE = 0.6;
/** Steal on a burstable whose mode is only assumed and whose balance is unknown may be throttling. */
const MODE_ASSUMED_CAP = 0.5;
/** A guest mostly idle wants little CPU: the steal then costs it little, whatever its share. */
const IDLE_HOST_CONFIDENCE_CAP = 0.5;

const stealSamples = (facts: Facts, bar: number): { high: number; total: number } => {
  const series = facts.cpu?.series ?? [];
  return { high: series.filter((s) => s.steal >= bar).length, total: series.length };
};

const moveFixes = (facts: Facts): Fix[] => {
  const id = facts.instance?.id ?? 'i-…';
  const asg = facts.instance?.autoScalingGroup;
  return [
    {
      title: 'Stop and start the instance to move it to another host',
      detail:
        'A reboot stays on the same host; a stop/start moves it. The public IP changes unless it has an Elastic IP, and instance-store data is lost.' +
        (asg ? ` In Auto Scaling group ${asg}, replacing the instance does the same.` : ''),
      command: asg
        ? `aws autoscaling terminate-instance-in-auto-scaling-group --instance-id ${id} --no-should-decrement-desired-capacity`
        : `aws ec2 stop-instances --instance-ids ${id} && aws ec2 wait instance-stopped --instance-ids ${id} && aws ec2 start-instances --instance-ids ${id}`,
      when: 'now',
    },
    {
      title: 'Check for scheduled events on the host',
      detail:
        'A system-maintenance or instance-retirement event, or an impaired system status, means the host itself is degraded.',
      command: `aws ec2 describe-instance-status --include-all-instances --instance-ids ${id}`,
      when: 'now',
    },
    {
      title: 'If steal comes back after moving: a larger size or dedicated tenancy',
      detail:
        'A larger size holds a bigger share of its host; Dedicated Instances or a Dedicated Host share it with nobody.',
      when: 'properly',
    },
  ];
};

export const cpuStealRule: Rule<'cpu-steal'> = {
  cause: 'cpu-steal',
  judge(facts): RuleOutcome {
    const cpu = facts.cpu;
    if (!cpu)
      return {
        kind: 'no-data',
        missing: 'CPU split with steal (st): add `vmstat 1 5` or `top -b -n 2 -d 1`',
      };
    // htop's bars show how busy each CPU was, not how the time splits: no steal figure.
    if (cpu.busyOnly)
      return {
        kind: 'no-data',
        missing: `CPU split with steal (st): ${cpu.source} shows only how busy the CPUs are; add \`vmstat 1 5\``,
      };
    const steal = cpu.split.steal;
    const stealText = `steal ${percent(steal)} (${cpu.source}${cpu.samples > 1 ? `, average of ${cpu.samples} samples` : ''})`;
    if (steal < SUGGESTIVE_STEAL)
      return { kind: 'ruled-out', ruledOut: { cause: 'cpu-steal', reason: stealText } };
    // Steal is time the guest wanted and did not get; on an idle guest a few percent is noise
    // (an idle t2 shows 5.7% steal at load 0.00) and costs nothing.
    const demand = wantsCpu(facts);
    if (!demand.wants && steal < STRONG_STEAL)
      return {
        kind: 'ruled-out',
        ruledOut: {
          cause: 'cpu-steal',
          reason: `${stealText} while ${demand.why}: it costs nothing`,
        },
      };

    const assessment = assessCredits(facts);
    const throttled = creditThrottling(assessment);
    if (throttled) {
      return {
        kind: 'ruled-out',
        ruledOut: {
          cause: 'cpu-steal',
          reason: `${stealText} is explained by credit throttling: CPUCreditBalance ${credits(throttled.balance?.value ?? 0)} on a ${throttled.type} in standard mode (see credit-exhaustion)`,
        },
      };
    }

    const { high, total } = stealSamples(
      facts,
      steal >= STRONG_STEAL ? STRONG_STEAL : SUGGESTIVE_STEAL,
    );
    const sustained = cpu.samples > 1 && (total === 0 || high / total >= SUSTAINED_SHARE);
    const evidence: Evidence[] = [
      {
        source: cpu.source,
        text:
          total > 1
            ? `steal ${percent(steal)} of all CPUs, ${high} of ${total} samples at ${percent(steal >= STRONG_STEAL ? STRONG_STEAL : SUGGESTIVE_STEAL)} or more: the hypervisor runs someone else on this instance's CPUs`
            : `steal ${percent(steal)} of all CPUs${singleSample(cpu)}: the hypervisor runs someone else on this instance's CPUs`,
      },
      { source: demand.source, text: demand.why },
    ];

    let confidence = steal >= STRONG_STEAL ? (steal >= 2 * STRONG_STEAL ? 0.85 : 0.8) : 0.5;
    if (!sustained) confidence -= 0.2;
    let caveat = '';
    switch (assessment.kind) {
      case 'not-burstable':
        evidence.push({
          source: assessment.source,
          text: `${assessment.type} is not burstable: no credits that could explain the steal`,
        });
        break;
      case 'unknown-type':
        // A t2/t3 in standard mode with spent credits shows the same steal.
        confidence -= 0.15;
        caveat =
          ' If this is a t2/t3/t3a/t4g, check its CPU credits: throttling shows as steal too.';
        break;
      case 'burstable': {
        const r = assessment.reading;
        if (r.effect === 'no-balance' && r.mode === 'standard') {
          confidence = Math.min(confidence, 0.4);
          caveat = ` The ${r.type} is burstable in standard mode and its credit balance was not captured: spent credits would show as this steal.`;
        } else if (r.effect === 'no-balance' && r.modeAssumed) {
          // Unlimited is only the family default: set to standard, spent credits look the same.
          confidence = Math.min(confidence, MODE_ASSUMED_CAP);
          caveat = ` The ${r.type} is burstable and its credit mode (${r.mode}) was assumed from the family default, with no balance captured: in standard mode spent credits would show as this steal.`;
        } else if (r.balance) {
          evidence.push({
            source: r.balance.source,
            text: `CPUCreditBalance ${credits(r.balance.value)} on a ${r.type} in ${r.mode} mode: the credits are not throttling it`,
          });
        }
        break;
      }
    }

    if (!demand.wants) {
      confidence = Math.min(confidence, IDLE_HOST_CONFIDENCE_CAP);
      caveat += ' The host is mostly idle, so the steal costs it little now.';
    }
    const share = percent(steal);
    return {
      kind: 'diagnosis',
      diagnosis: {
        cause: 'cpu-steal',
        confidence: Math.max(0.3, Math.round(confidence * 100) / 100),
        summary: `The hypervisor takes ${share} of the CPU away from this instance${sustained ? '' : ' (in a short sample)'}: a busy or degraded host, not this machine's own work.${caveat}`,
        evidence,
        fixes: moveFixes(facts),
      },
    };
  },
};
