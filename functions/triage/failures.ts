/**
 * Why a triage, or one instance's capture, gave no diagnosis: every code, and the sentence a
 * person reads for it, in one place. The use cases pick the failure; the notifiers print its
 * message as it is.
 */
import type { Alarm, Target } from '../core/alarm/types.js';
import type { InvocationEnd } from './model.js';
import type {
  AdapterErrorCode,
  AgentStatus,
  CloudWatchGlance,
  Invocation,
  SkippedTarget,
} from './ports.js';
import { isAdapterError } from './ports.js';

export type FailureCode =
  | AdapterErrorCode
  | 'internal_error'
  // Before any capture
  | 'no_targets'
  | 'instance_not_running'
  | 'no_running_instances'
  | 'ssm_not_managed'
  | 'ssm_agent_offline'
  | 'capture_cooldown'
  // SSM's end of a capture
  | 'ssm_access_denied'
  | 'ssm_execution_timed_out'
  | 'ssm_delivery_timed_out'
  | 'ssm_cancelled'
  | 'ssm_undeliverable'
  | 'ssm_terminated'
  | 'ssm_invalid_platform'
  | 'ssm_result_unavailable'
  | 'ssm_invocation_missing'
  | 'ssm_overdue'
  // The capture's output
  | 'capture_failed'
  | 'capture_empty'
  | 'capture_unreadable';

export interface FailureReason {
  code: FailureCode;
  /** One or two plain sentences a person acts on. */
  message: string;
}

type OptIn = { key: string; value: string };

// ---------------------------------------------------------------------------------------------
// What CloudWatch alone shows, appended when the host could not be asked

/** One decimal at most: `99.6`, `0.2`, `144`. */
const round = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** `CloudWatch shows CPUUtilization 97.4% at … (max 99.6% over the last 3 h); CPUCreditBalance 0.2 (t3.micro, standard).` */
export const describeGlance = (glance: CloudWatchGlance | undefined): string | undefined => {
  if (!glance) return undefined;
  const parts: string[] = [];
  if (glance.cpu) {
    parts.push(
      `CPUUtilization ${round(glance.cpu.latest)}% at ${glance.cpu.at} (max ${round(glance.cpu.max)}% over the last 3 h)`,
    );
  }
  if (glance.creditBalance) {
    const type = [glance.instanceType, glance.creditMode].filter(Boolean).join(', ');
    parts.push(`CPUCreditBalance ${round(glance.creditBalance.latest)}${type ? ` (${type})` : ''}`);
  }
  if (glance.memoryUsedPercent) {
    parts.push(`mem_used_percent ${round(glance.memoryUsedPercent.latest)}%`);
  }
  return parts.length > 0 ? `CloudWatch shows ${parts.join('; ')}.` : undefined;
};

/** The failure with what CloudWatch shows appended, so any notifier can print one text. */
export const withGlance = (
  reason: FailureReason,
  glance: CloudWatchGlance | undefined,
): FailureReason => {
  const seen = describeGlance(glance);
  return seen ? { ...reason, message: `${reason.message} ${seen}` } : reason;
};

// ---------------------------------------------------------------------------------------------
// Before any capture

const targetName = (t: Target): string =>
  t.kind === 'instance'
    ? t.instanceId
    : t.kind === 'auto-scaling-group'
      ? `Auto Scaling group ${t.name}`
      : `Elastic Beanstalk environment ${t.name}`;

/** Why SSM cannot run anything there, or `undefined` when its agent is online. */
export const agentUnreachable = (status: AgentStatus): FailureReason | undefined => {
  const id = status.instanceId;
  if (!status.managed) {
    return {
      code: 'ssm_not_managed',
      message:
        `${id} is not a managed node in Systems Manager (no SSM agent has registered it: the ` +
        'agent is not installed or not running, or the instance profile lacks ' +
        'AmazonSSMManagedInstanceCore), so no capture can run there.',
    };
  }
  if (status.pingStatus === 'Online') return undefined;
  const since = status.lastPingAt ? ` since ${status.lastPingAt}` : '';
  return {
    code: 'ssm_agent_offline',
    message:
      `The SSM agent on ${id} has not answered${since} (PingStatus ${status.pingStatus}): the ` +
      'host may be too overloaded to run it, or the agent has stopped. No capture can run ' +
      'until it is back.',
  };
};

export const nothingToCapture = (skipped: SkippedTarget[]): FailureReason => {
  const lines = skipped.map((s) => {
    const name = targetName(s.target);
    if (s.reason === 'not-running') return `${name} is ${s.state ?? 'not running'}`;
    if (s.reason === 'not-found') {
      return `EC2 does not know ${name} (terminated over an hour ago, or in another account or region)`;
    }
    if (s.reason === 'group-not-found') return `there is no ${name}`;
    return `${name} has no running instance`;
  });
  if (lines.length === 0) {
    return { code: 'no_running_instances', message: 'No running instance behind the alarm.' };
  }
  const allGone = skipped.every((s) => s.reason === 'not-running' || s.reason === 'not-found');
  return {
    code: allGone ? 'instance_not_running' : 'no_running_instances',
    message: `Nothing to capture: ${lines.join('; ')}.`,
  };
};

export const noTargets = (alarm: Alarm, ignored: string[], missing: string[]): FailureReason => {
  const why = ignored.length > 0 ? ` (${ignored.join('; ')})` : '';
  if (alarm.composite) {
    const gone = missing.length ? `; ${missing.length} of them no longer exist` : '';
    return {
      code: 'no_targets',
      message:
        `None of the alarms that triggered the composite alarm "${alarm.name}" watches an EC2 ` +
        `instance, Auto Scaling group or Elastic Beanstalk environment${gone}${why}, so there is ` +
        'no host to capture.',
    };
  }
  const watched = alarm.metrics.map((m) => `${m.namespace} ${m.name}`).join(', ');
  return {
    code: 'no_targets',
    message:
      `"${alarm.name}" watches ${watched || 'no metric'}, which names no EC2 instance, Auto ` +
      `Scaling group or Elastic Beanstalk environment${why}: there is no host to capture.`,
  };
};

/** The instance was captured moments ago (a flapping alarm): no second capture yet. */
export const capturedRecently = (
  instanceId: string,
  by: { triageId: string; at: string },
  cooldownSeconds: number,
): FailureReason => ({
  code: 'capture_cooldown',
  message:
    `${instanceId} was captured at ${by.at} (triage ${by.triageId}); alert-triage captures an ` +
    `instance at most once in ${Math.round(cooldownSeconds / 60)} minutes, so a flapping alarm ` +
    'does not load the host again. That triage’s card has the diagnosis; press Rerun there for a new one.',
});

/** An outside call failed while `doing` something. */
export const adapterFailure = (error: unknown, doing: string, optIn: OptIn): FailureReason => {
  if (!isAdapterError(error)) {
    return {
      code: 'internal_error',
      message: `alert-triage failed while ${doing} (${error instanceof Error ? error.name : 'error'}); see its logs.`,
    };
  }
  if (error.code === 'access_denied' && doing.startsWith('sending')) {
    return {
      code: 'ssm_access_denied',
      message:
        `${error.message}. The bot may send commands only to instances tagged ` +
        `${optIn.key}=${optIn.value}: tag the instance to opt it in.`,
    };
  }
  return { code: error.code, message: `alert-triage could not finish ${doing}: ${error.message}.` };
};

// ---------------------------------------------------------------------------------------------
// After a capture

/** The command sent to one instance, as the record holds it. */
export interface SentRun {
  instanceId: string;
  commandId: string;
  executionTimeoutSeconds?: number;
  deliveryTimeoutSeconds?: number;
}

const lastLine = (text: string): string | undefined =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1)
    ?.slice(0, 200);

/** Why this end of an invocation gave no diagnosis. */
export const captureEnded = (
  end: InvocationEnd,
  invocation: Invocation | undefined,
  run: SentRun,
  optIn: OptIn,
): FailureReason => {
  const id = run.instanceId;
  switch (end) {
    case 'execution-timed-out':
      return {
        code: 'ssm_execution_timed_out',
        message:
          `The capture on ${id} did not finish within its ${run.executionTimeoutSeconds ?? 'execution'}-second ` +
          'execution timeout and SSM stopped it: the host may be too overloaded to run even a short capture.',
      };
    case 'delivery-timed-out':
      return {
        code: 'ssm_delivery_timed_out',
        message:
          `SSM could not deliver the capture to ${id} within ${run.deliveryTimeoutSeconds ?? 'its'} seconds ` +
          '(Delivery Timed Out): its agent stopped answering after the bot checked it; the host may be ' +
          'overloaded, or its network path to Systems Manager is down.',
      };
    case 'cancelled':
      return {
        code: 'ssm_cancelled',
        message: `The capture on ${id} was cancelled before it finished (command ${run.commandId} was cancelled in Systems Manager).`,
      };
    case 'undeliverable':
      return {
        code: 'ssm_undeliverable',
        message: `SSM could not deliver the capture to ${id} (Undeliverable): the instance may have stopped or been terminated, or its agent is not responding.`,
      };
    case 'terminated':
      return {
        code: 'ssm_terminated',
        message: `SSM terminated the capture on ${id} before it ran (Terminated): the command reached its error limit.`,
      };
    case 'access-denied':
      return {
        code: 'ssm_access_denied',
        message:
          `The bot may not run commands on ${id} (Access Denied): its role sends commands only to ` +
          `instances tagged ${optIn.key}=${optIn.value}. Tag the instance to opt it in.`,
      };
    case 'invalid-platform':
      return {
        code: 'ssm_invalid_platform',
        message: `${id} is not a Linux instance (Invalid Platform): the capture script runs on Linux only.`,
      };
    case 'failed': {
      const said = invocation ? lastLine(invocation.stderr) : undefined;
      return {
        code: 'capture_failed',
        message:
          `The capture script failed on ${id} (exit code ${invocation?.responseCode ?? 'unknown'}) ` +
          `before printing a capture${said ? `: ${said}` : '.'}`,
      };
    }
    case 'success':
      return {
        code: 'capture_empty',
        message: `The capture on ${id} succeeded but printed nothing.`,
      };
    case 'running':
      return {
        code: 'ssm_result_unavailable',
        message: `SSM reported the capture on ${id} finished, but its result could not be read yet.`,
      };
  }
};

/** The script failed part way; what it printed is still read. */
export const capturePartial = (instanceId: string, exitCode: number): FailureReason => ({
  code: 'capture_failed',
  message: `The capture script exited with code ${exitCode} on ${instanceId}; this reads the part it printed.`,
});

export const captureUnreadable = (instanceId: string, why: string): FailureReason => ({
  code: 'capture_unreadable',
  message: `The capture from ${instanceId} could not be read: ${why}.`,
});

export const invocationMissing = (run: SentRun, tries: number): FailureReason => ({
  code: 'ssm_invocation_missing',
  message: `SSM has no record of the capture on ${run.instanceId} (command ${run.commandId}) after ${tries} tries; the command may have expired.`,
});

/**
 * Past the deadline and SSM still gives no end (or no status event ever came for a command
 * still running): the triage stops waiting rather than say "Triaging…" forever.
 */
export const captureOverdue = (
  run: SentRun,
  sentAt: string | undefined,
  status: string | undefined,
): FailureReason => ({
  code: 'ssm_overdue',
  message:
    `No end came for the capture on ${run.instanceId} (command ${run.commandId}${sentAt ? `, sent ${sentAt}` : ''}): ` +
    `${status ? `SSM still reports it ${status}` : 'SSM has no record of it'} past its delivery and execution ` +
    'timeouts, so alert-triage stopped waiting. The SSM agent may be stuck; press Rerun to try again.',
});

/** A rerun's SendCommand failed. */
export const rerunNotSent = (error: unknown, instanceId: string): FailureReason =>
  isAdapterError(error)
    ? {
        code: error.code,
        message: `The capture could not be sent to ${instanceId}: ${error.message}.`,
      }
    : {
        code: 'internal_error',
        message: `alert-triage failed while sending the capture to ${instanceId}; see its logs.`,
      };
