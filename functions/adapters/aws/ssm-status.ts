/**
 * SSM's status vocabulary, read into the use cases' {@link InvocationEnd}: the statuses of
 * `GetCommandInvocation` and of the "EC2 Command Invocation Status-change Notification" event
 * (archived SSM user guide, `monitoring-systems-manager-event-examples.md`;
 * `test/fixtures/events/`), which spell the same ends differently (`TimedOut`, "Delivery Timed
 * Out", `Undeliverable`, …).
 */
import { INSTANCE_ID } from '../../core/alarm/types.js';
import type { CaptureStatus, InvocationEnd } from '../../triage/model.js';

const squash = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '');

const BY_DETAILS: Record<string, InvocationEnd> = {
  success: 'success',
  failed: 'failed',
  executiontimedout: 'execution-timed-out',
  deliverytimedout: 'delivery-timed-out',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  undeliverable: 'undeliverable',
  terminated: 'terminated',
  accessdenied: 'access-denied',
  invalidplatform: 'invalid-platform',
};

/** `Status` values; the event's `status` may also carry the finer names (`Undeliverable`). */
const BY_STATUS: Record<string, InvocationEnd> = {
  ...BY_DETAILS,
  timedout: 'execution-timed-out',
};

/**
 * The end an invocation (or, lacking one, an event's status) reports; details first. Own keys
 * only: a status spelled `constructor` is no end.
 */
export const invocationEnd = (status: string, details = ''): InvocationEnd => {
  const d = squash(details);
  const s = squash(status);
  if (Object.hasOwn(BY_DETAILS, d)) return BY_DETAILS[d] as InvocationEnd;
  if (Object.hasOwn(BY_STATUS, s)) return BY_STATUS[s] as InvocationEnd;
  return 'running';
};

const DETAIL_TYPE = 'EC2 Command Invocation Status-change Notification';
const COMMAND_ID = /^[0-9a-f-]{36}$/i;

const field = (detail: Record<string, unknown>, name: string): string | undefined =>
  typeof detail[name] === 'string' ? (detail[name] as string) : undefined;

export const parseCaptureStatusEvent = (
  event: unknown,
): { success: true; data: CaptureStatus } | { success: false; error: string } => {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const fail = (error: string) => ({ success: false as const, error });
  if (e.source !== 'aws.ssm') return fail(`source: expected "aws.ssm"`);
  if (e['detail-type'] !== DETAIL_TYPE) return fail(`detail-type: expected "${DETAIL_TYPE}"`);
  const detail = (typeof e.detail === 'object' && e.detail !== null ? e.detail : {}) as Record<
    string,
    unknown
  >;
  const commandId = field(detail, 'command-id');
  const instanceId = field(detail, 'instance-id');
  const status = field(detail, 'status');
  if (!commandId || !COMMAND_ID.test(commandId))
    return fail('detail.command-id: not an SSM command id');
  if (!instanceId || !INSTANCE_ID.test(instanceId)) {
    return fail('detail.instance-id: not an EC2 instance id');
  }
  if (!status) return fail('detail.status: missing');
  return { success: true, data: { commandId, instanceId, status, end: invocationEnd(status) } };
};
