import { en } from 'zod/locales';
// A namespace import: `import { z }` would keep the whole of zod/mini in the bundle.
import * as z from 'zod/mini';
import { quote } from './quote.js';

// zod/mini loads no locale (its messages would all be "Invalid input"); English is what classic
// zod used and what our error strings quote.
z.config(en());

/**
 * The three ways a CloudWatch alarm state change reaches us, as zod schemas. Strict on what the
 * `Alarm` is built from (name, ARN, states, timestamp, metrics and dimensions); silent about the
 * rest, which the docs say varies (`alarmTags`, `actionsSuppressedBy`, `TreatMissingData`, …):
 * `z.object` drops keys it does not name, so an extra or odd field never fails a parse.
 * Sources: `docs/reference/aws-slack-facts.md` §1 and the samples in test/fixtures/events/.
 */

export const CLOUDWATCH_SOURCE = 'aws.cloudwatch';

/** The only EventBridge detail-type that is a state change ("… Configuration Change" is not). */
export const STATE_CHANGE_DETAIL_TYPE = 'CloudWatch Alarm State Change';

/** `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`; names may contain spaces. */
const ALARM_ARN = /^arn:[^:\s]+:cloudwatch:([^:\s]+):([^:\s]+):alarm:(.+)$/;

/**
 * Region, account and name of an alarm ARN, or null. The ARN is the one identity every shape
 * carries: the SNS body's `Region` is a display name ("EU (London)"), so the code comes from here.
 */
export const parseAlarmArn = (
  arn: string,
): { region: string; account: string; name: string } | null => {
  const m = ALARM_ARN.exec(arn);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { region: m[1], account: m[2], name: m[3] };
};

/**
 * CloudWatch writes `2019-10-02T17:04:40.989+0000` (no colon in the offset); others write `Z` or
 * `+00:00`. The pattern comes first because `Date.parse` alone accepts "1" (as 2001-01-01).
 */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** The instant as an ISO string in UTC (`…Z`), or null when it is not an ISO 8601 timestamp. */
export const toUtcIso = (text: string): string | null => {
  if (!ISO_TIMESTAMP.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

export const alarmStateSchema = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

const alarmArnSchema = z.string().check(
  z.refine((s) => parseAlarmArn(s) !== null, {
    error: (issue) =>
      `${quote(issue.input)} is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME)`,
  }),
);

/** Normalised to UTC on the way in, so `changedAt` compares equal across shapes. */
const timestampSchema = z.pipe(
  z.string().check(
    z.refine((s) => toUtcIso(s) !== null, {
      error: (issue) => `${quote(issue.input)} is not an ISO 8601 timestamp`,
    }),
  ),
  z.transform((s: string) => toUtcIso(s) ?? s),
);

// ── EventBridge detail and Lambda alarm action `alarmData` (the same camelCase shape) ─────────

/** Dimensions are an object map here (`{}` when none; absent is read as none). */
const metricEntrySchema = z.object({
  // Expression entries (`e1`, `ad1`) carry no metricStat; only metricStat entries name metrics.
  metricStat: z.optional(
    z.object({
      metric: z.object({
        namespace: z.string(),
        name: z.string(),
        dimensions: z._default(z.record(z.string(), z.string()), {}),
      }),
    }),
  ),
});

const alarmDataSchema = z.object({
  alarmName: z.string().check(z.minLength(1)),
  state: z.object({
    value: alarmStateSchema,
    reason: z.string(),
    // A JSON string; only composites' is read (triggeringAlarms), and defensively.
    reasonData: z.optional(z.unknown()),
    timestamp: timestampSchema,
  }),
  // Only the value is used; reasonData is missing on a freshly created alarm, so no more is asked.
  previousState: z.optional(z.object({ value: alarmStateSchema })),
  configuration: z.object({
    metrics: z.optional(z.array(metricEntrySchema)),
    alarmRule: z.optional(z.string()),
  }),
});

export type AlarmData = z.infer<typeof alarmDataSchema>;

/** EventBridge "CloudWatch Alarm State Change": the alarm ARN is `resources[0]`. */
export const eventBridgeAlarmSchema = z.object({
  'detail-type': z.literal(STATE_CHANGE_DETAIL_TYPE),
  source: z.literal(CLOUDWATCH_SOURCE),
  resources: z.tuple([alarmArnSchema], z.string()),
  detail: alarmDataSchema,
});

/** The direct Lambda alarm action: no envelope, `alarmArn` and `alarmData` at the top. */
export const lambdaActionAlarmSchema = z.object({
  source: z.literal(CLOUDWATCH_SOURCE),
  alarmArn: alarmArnSchema,
  alarmData: alarmDataSchema,
});

// ── SNS → Lambda ───────────────────────────────────────────────────────────────────────────────

/** Only the part of a record we read; the rest (signature fields' casing varies) is ignored. */
export const snsRecordSchema = z.object({
  Sns: z.object({ Message: z.string() }),
});

/** Dimensions are an array of `{ name, value }` with lower-case keys here. */
const snsDimensionsSchema = z.array(z.object({ name: z.string(), value: z.string() }));

/** The alarm notification inside `Sns.Message` (PascalCase). */
export const snsAlarmMessageSchema = z.object({
  AlarmName: z.string().check(z.minLength(1)),
  AlarmArn: alarmArnSchema,
  NewStateValue: alarmStateSchema,
  OldStateValue: z.optional(alarmStateSchema),
  NewStateReason: z.string(),
  StateChangeTime: timestampSchema,
  // Absent on composite and Logs Insights alarms. TreatMissingData, Unit, Statistic and friends
  // are not named: the sample's TreatMissingData is "- TreatMissingData:    missing".
  Trigger: z.optional(
    z.object({
      Namespace: z.optional(z.string()),
      MetricName: z.optional(z.string()),
      Dimensions: z.optional(snsDimensionsSchema),
      // Metric-math alarms list their metrics here instead of the three fields above.
      Metrics: z.optional(
        z.array(
          z.object({
            MetricStat: z.optional(
              z.object({
                Metric: z.object({
                  Namespace: z.string(),
                  MetricName: z.string(),
                  Dimensions: z._default(snsDimensionsSchema, []),
                }),
              }),
            ),
          }),
        ),
      ),
    }),
  ),
  // Composite alarms (CloudWatch guide, "Schema when a composite alarm changes state"). The guide
  // types TriggeringChildren as [String]; captured messages hold `{ Arn, State }`: read both.
  AlarmRule: z.optional(z.string()),
  TriggeringChildren: z.optional(z.array(z.unknown())),
});

export type SnsAlarmMessage = z.infer<typeof snsAlarmMessageSchema>;

/** `a.b[0].c` from a zod issue path. */
const pathOf = (path: readonly PropertyKey[]): string =>
  path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');

/** One line a person can read: the first three issues, each with where it is. */
export const describeIssues = (error: z.core.$ZodError): string => {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = pathOf(issue.path);
    return where === '' ? issue.message : `${where}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
};
