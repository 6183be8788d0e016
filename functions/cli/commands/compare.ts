import { readCapture } from '../../core/capture/read.js';
import { classify } from '../../core/classify.js';
import { compare } from '../../core/compare.js';
import { comparePeer } from '../../core/peer/compare-peer.js';
import { renderComparison, renderPeerComparison } from '../../render/terminal.js';
import { parseCommandLine } from '../args.js';
import { UsageError } from '../errors.js';
import { readInput, type Streams } from '../io.js';
import { useColor } from '../output.js';

const HELP = `Usage: alert-triage compare BEFORE AFTER [--json]
       alert-triage compare --peer SICK HEALTHY [--json]

Compares two captures of the same host (say, before and after a fix): CPU
split, the busiest process, syscall rates, memory, and the verdict:
resolved, improved, unchanged or worse.

With --peer, compares a sick instance with a healthy one of its group: CPU
split, the busiest process, syscall and signal rates, threads, RSS, agents
and profilers, environment flags, uptime and versions. Each measure both
captures show is 'differs' or 'same' (the same on the healthy peer rules a
cause out); what only one of them shows is listed as not compared.

Either capture can be - (standard input).

Options:
  --peer    SICK HEALTHY instead of BEFORE AFTER
  --json    print {"verdict","before","after","changes","summary"}; with
            --peer {"mode":"peer","sick","healthy","rows","notCompared",
            "summary"}
  -h, --help
`;

export const compareCommand = {
  summary: 'compare two captures (before and after, or sick and a healthy peer)',
  async run(args: string[], streams: Streams): Promise<number> {
    const parsed = parseCommandLine(
      args,
      { json: { type: 'boolean' }, peer: { type: 'boolean' } },
      HELP,
      streams,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 2) {
      throw new UsageError(
        values.peer
          ? 'expects two captures, SICK and HEALTHY'
          : 'expects two captures, BEFORE and AFTER',
      );
    }
    if (positionals.filter((p) => p === '-').length > 1) {
      throw new UsageError('only one of the two captures can come from standard input');
    }
    const [before, after] = await Promise.all(
      positionals.map(async (p) => classify(readCapture(await readInput(p, streams)))),
    );
    const first = before as NonNullable<typeof before>;
    const second = after as NonNullable<typeof after>;
    const color = useColor(streams);
    if (values.peer) {
      const peer = comparePeer(first, second);
      streams.stdout.write(
        values.json
          ? `${JSON.stringify({ mode: 'peer', ...peer })}\n`
          : renderPeerComparison(peer, { color }),
      );
      return 0;
    }
    const comparison = compare(first, second);
    streams.stdout.write(
      values.json ? `${JSON.stringify(comparison)}\n` : renderComparison(comparison, { color }),
    );
    return 0;
  },
};
