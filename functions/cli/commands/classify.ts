import { diagnose } from '../../core/diagnose.js';
import { parseCommandLine } from '../args.js';
import { factOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { readInput, type Streams } from '../io.js';
import { reportCapture } from '../output.js';
import { SLACK_HELP, SLACK_OPTIONS, slackTargets } from '../slack-output.js';

const HELP = `Usage: alert-triage classify FILE|- [--json] [--instance-type T] [--credit-mode M]
                             [--slack-json] [--slack-webhook URL] [--slack-channel C]

Names the cause from a saved capture (plain, or as the script prints a large one: gzip+base64
between its markers) or from tool outputs pasted by hand (top, vmstat, strace -c, ps, free,
/proc files, dmesg, perf report, jstack, AWS CLI JSON).

Options:
  --json               print the triage as JSON (cause, confidence, diagnoses, ruledOut…)
  --instance-type T    the EC2 instance type, e.g. t3.micro (for CPU credit checks)
  --credit-mode M      standard or unlimited (default: the type's family default)
${SLACK_HELP}  -h, --help
`;

export const classifyCommand = {
  summary: 'name the cause from a saved capture or pasted outputs',
  async run(args: string[], streams: Streams): Promise<number> {
    const parsed = parseCommandLine(
      args,
      {
        json: { type: 'boolean' },
        'instance-type': { type: 'string' },
        'credit-mode': { type: 'string' },
        ...SLACK_OPTIONS,
      },
      HELP,
      streams,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expects one FILE or - (see --help)');
    const options = factOptions(values);
    const slack = slackTargets(values, streams.env);
    const input = positionals[0] as string;
    const diagnosed = diagnose(await readInput(input, streams), options);
    if (!diagnosed.ok) {
      throw new UsageError(`${input === '-' ? 'standard input' : input}: ${diagnosed.error}`);
    }
    return reportCapture('classify', diagnosed, options, values.json === true, slack, streams);
  },
};
