import { diagnose } from '../../core/diagnose.js';
import { parseCommandLine } from '../args.js';
import { CaptureFailedError, captureHere, captureOptions, openSave } from '../capture-here.js';
import { factOptions } from '../context.js';
import { UsageError } from '../errors.js';
import type { Streams } from '../io.js';
import { reportCapture } from '../output.js';
import { SLACK_HELP, SLACK_OPTIONS, slackTargets } from '../slack-output.js';

const HELP = `Usage: alert-triage local [--seconds N] [--deep auto|never|always] [--pid PID]
                          [--json] [--save FILE] [--instance-type T] [--credit-mode M]
                          [--slack-json] [--slack-webhook URL] [--slack-channel C]

Triages this machine: runs the read-only capture script here (top, vmstat, ps, /proc,
free, dmesg, ss, perf stat), then names the cause. It never stops or slows a process
unless you ask for --deep always.

Options:
  --seconds N          sampling window, 3 to 60 (default 10)
  --deep M             auto (default): /proc counters and perf stat's in-kernel count
                       of signals, no tracing; never: /proc counters only; always: also
                       counts every syscall, then strace -c and perf record on the
                       hottest or --pid process (adds about 9 s; slows it meanwhile)
  --pid PID            look closely at this process instead of the hottest one
  --json               print the triage as JSON
  --save FILE          also write the capture document to FILE (to classify or compare later)
  --instance-type T    the EC2 instance type, e.g. t3.micro (for CPU credit checks)
  --credit-mode M      standard or unlimited
${SLACK_HELP}  -h, --help
`;

export const localCommand = {
  summary: 'triage this machine now (runs the capture script here)',
  async run(args: string[], streams: Streams): Promise<number> {
    const parsed = parseCommandLine(
      args,
      {
        seconds: { type: 'string' },
        deep: { type: 'string' },
        pid: { type: 'string' },
        json: { type: 'boolean' },
        save: { type: 'string' },
        'instance-type': { type: 'string' },
        'credit-mode': { type: 'string' },
        ...SLACK_OPTIONS,
      },
      HELP,
      streams,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const options = captureOptions(values);
    const context = factOptions(values);
    const slack = slackTargets(values, streams.env);
    const save = await openSave(values.save);
    let text: string;
    try {
      text = await captureHere(options, streams);
      await save.write(text);
    } finally {
      await save.close();
    }
    const diagnosed = diagnose(text, context);
    if (!diagnosed.ok) throw new CaptureFailedError(`capture failed: ${diagnosed.error}`);
    return reportCapture('local', diagnosed, context, values.json === true, slack, streams);
  },
};
