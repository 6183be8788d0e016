import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoFeedbackStore } from '../../adapters/aws/feedback-store.js';
import { DynamoTriageStore } from '../../adapters/aws/triage-store.js';
import { exportCorpus } from '../../triage/export-corpus.js';
import { isAdapterError } from '../../triage/ports.js';
import { parseCommandLine } from '../args.js';
import { UsageError } from '../errors.js';
import type { Streams } from '../io.js';

const HELP = `Usage: alert-triage export --table NAME --out DIR [--since 30d]

Writes the captures people judged on the Slack cards ("Right cause" / "Wrong cause") as a
corpus folder: DIR/<label>/<triage>-<instance>-<command>.txt, each file with its # source,
# label and # feedback lines, then the capture (redacted). The label is the cause the
feedback says it was. Reads the alert-triage DynamoDB table with the AWS credentials and
region of the environment (AWS_REGION, AWS_PROFILE, …).

Options:
  --table NAME   the stack's table (its TableName output)
  --out DIR      where to write (created; files of the same name are replaced)
  --since WHEN   feedback given in the last 12h, 30d (default 30d, at most 90d: the
                 feedback's lifetime), or since a date (2026-11-01)
  -h, --help
`;

const MAX_SINCE_HOURS = 90 * 24;
const DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?$/;

/** `30d`, `12h` (back from `now`), or an ISO date. */
const sinceOf = (text: string, now: Date): Date => {
  if (DATE.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text);
  const match = /^(\d{1,4})([dh])$/.exec(text);
  const hours = match ? Number(match[1]) * (match[2] === 'd' ? 24 : 1) : Number.NaN;
  if (!(hours >= 1 && hours <= MAX_SINCE_HOURS)) {
    throw new UsageError(
      `--since ${text}: expects an age such as 30d or 12h (at most 90d) or a date (2026-11-01)`,
    );
  }
  return new Date(now.getTime() - hours * 3_600_000);
};

export const exportCommand = {
  summary: 'write the captures judged in Slack as a labelled corpus folder',
  async run(args: string[], streams: Streams): Promise<number> {
    const parsed = parseCommandLine(
      args,
      {
        table: { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string', default: '30d' },
      },
      HELP,
      streams,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    if (!values.table) throw new UsageError('--table NAME is required');
    if (!values.out) throw new UsageError('--out DIR is required');
    const now = new Date();
    const since = sinceOf(values.since, now);
    const tableName = values.table;
    let outcome: Awaited<ReturnType<typeof exportCorpus>>;
    try {
      outcome = await exportCorpus(
        { since, now, table: tableName },
        {
          feedback: new DynamoFeedbackStore({ tableName }),
          store: new DynamoTriageStore({ tableName }),
        },
      );
    } catch (error) {
      if (!isAdapterError(error)) throw error;
      streams.stderr.write(`alert-triage export: ${error.message}\n`);
      return 1;
    }
    for (const file of outcome.files) {
      await mkdir(join(values.out, file.label), { recursive: true });
      await writeFile(join(values.out, file.label, file.name), file.text);
    }
    streams.stdout.write(
      `${outcome.files.length} labelled captures written to ${values.out}` +
        `${outcome.skipped.length > 0 ? `, ${outcome.skipped.length} skipped:` : ''}\n`,
    );
    for (const s of outcome.skipped) {
      streams.stdout.write(`  ${s.triageId} ${s.commandId}: ${s.reason}\n`);
    }
    return 0;
  },
};
