import { readCapture } from '../../core/capture/read.js';
import { renderReadSummary, toParseJson } from '../../render/read-summary.js';
import { parseCommandLine } from '../args.js';
import { UsageError } from '../errors.js';
import { readInput, type Streams } from '../io.js';

const HELP = `Usage: alert-triage parse FILE|- [--json]

Shows what the reader made of a capture document or pasted tool outputs: each block,
the tool it was read as, and whether it was understood.

Options:
  --json    print {"blocks":[{"command","tool","parsed","error"?,"summary"}]}
  -h, --help
`;

export const parseCommand = {
  summary: 'show what was read from a capture or pasted outputs',
  async run(args: string[], streams: Streams): Promise<number> {
    const parsed = parseCommandLine(args, { json: { type: 'boolean' } }, HELP, streams);
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expects one FILE or - (see --help)');
    const capture = readCapture(await readInput(positionals[0] as string, streams));
    streams.stdout.write(
      values.json ? `${JSON.stringify(toParseJson(capture))}\n` : renderReadSummary(capture),
    );
    return 0;
  },
};
