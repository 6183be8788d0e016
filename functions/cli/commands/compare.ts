import { readCapture } from '../../core/capture/read.js';
import { classify } from '../../core/classify.js';
import { compare } from '../../core/compare.js';
import { renderComparison } from '../../render/terminal.js';
import { parseCommandLine } from '../args.js';
import { UsageError } from '../errors.js';
import { readInput, type Streams } from '../io.js';
import { useColor } from '../output.js';

const HELP = `Usage: alert-triage compare BEFORE AFTER [--json]

Compares two captures of the same host (say, before and after a fix): CPU split, the
busiest process, syscall rates, memory, and the verdict: resolved, improved, unchanged
or worse.

Options:
  --json    print {"verdict","before","after","changes","summary"}
  -h, --help
`;

export const compareCommand = {
  summary: 'compare two captures: resolved, improved, unchanged or worse',
  async run(args: string[], streams: Streams): Promise<number> {
    const parsed = parseCommandLine(args, { json: { type: 'boolean' } }, HELP, streams);
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 2) throw new UsageError('expects two captures, BEFORE and AFTER');
    if (positionals.filter((p) => p === '-').length > 1) {
      throw new UsageError('only one of the two captures can come from standard input');
    }
    const [before, after] = await Promise.all(
      positionals.map(async (p) => classify(readCapture(await readInput(p, streams)))),
    );
    const comparison = compare(
      before as NonNullable<typeof before>,
      after as NonNullable<typeof after>,
    );
    streams.stdout.write(
      values.json
        ? `${JSON.stringify(comparison)}\n`
        : renderComparison(comparison, { color: useColor(streams) }),
    );
    return 0;
  },
};
