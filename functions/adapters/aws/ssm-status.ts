/**
 * SSM's status vocabulary, read into the use cases' {@link InvocationEnd}: the statuses of
 * `GetCommandInvocation` and of the "EC2 Command Invocation Status-change Notification" event
 * (archived SSM user guide, `monitoring-systems-manager-event-examples.md`;
 * `test/fixtures/events/`), which spell the same ends differently (`TimedOut`, "Delivery Timed
 * Out", `Undeliverable`, …).
 */
import { en } from 'zod/locales';
// A namespace import: `import { z }` would keep the whole of zod/mini in the bundle.
import * as z from 'zod/mini';
import { INSTANCE_ID } from '../../core/alarm/types.js';
import type { CaptureStatus, InvocationEnd } from '../../triage/model.js';

// zod/mini loads no locale (its messages would all be "Invalid input").
z.config(en());

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

const CaptureStatusEventSchema = z.object({
  source: z.literal('aws.ssm'),
  'detail-type': z.literal('EC2 Command Invocation Status-change Notification'),
  detail: z.object({
    'command-id': z.string().check(z.regex(/^[0-9a-f-]{36}$/i, 'not an SSM command id')),
    'instance-id': z.string().check(z.regex(INSTANCE_ID, 'not an EC2 instance id')),
    'document-name': z.optional(z.string()),
    status: z.string().check(z.minLength(1)),
  }),
});

export const parseCaptureStatusEvent = (
  event: unknown,
): { success: true; data: CaptureStatus } | { success: false; error: string } => {
  const parsed = CaptureStatusEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      success: false,
      error: issue ? `${issue.path.join('.') || '(event)'}: ${issue.message}` : 'invalid event',
    };
  }
  const d = parsed.data.detail;
  return {
    success: true,
    data: {
      commandId: d['command-id'],
      instanceId: d['instance-id'],
      status: d.status,
      end: invocationEnd(d.status),
    },
  };
};
