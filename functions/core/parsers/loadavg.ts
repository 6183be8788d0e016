import { fields, lines, num } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/** `/proc/loadavg`: `0.52 0.58 0.59 3/456 12345`. */
export interface LoadAvg {
  load1: number;
  load5: number;
  load15: number;
  running: number;
  total: number;
}

export const loadavgParser: ToolParser<LoadAvg> = {
  tool: 'loadavg',
  matchCommand: (command) => /^cat\s+\/proc\/loadavg\b/.test(command),
  banner: /^\d+\.\d+ \d+\.\d+ \d+\.\d+ \d+\/\d+ \d+\s*$/,
  parse(text) {
    for (const line of lines(text)) {
      const f = fields(line);
      const [running, total] = (f[3] ?? '').split('/').map(num);
      const [load1, load5, load15] = f.slice(0, 3).map(num);
      if (
        f.length >= 4 &&
        [load1, load5, load15, running, total].every((n) => n !== undefined && Number.isFinite(n))
      ) {
        return ok({
          load1: load1 as number,
          load5: load5 as number,
          load15: load15 as number,
          running: running as number,
          total: total as number,
        });
      }
    }
    return fail('no "1.00 0.50 0.25 2/300 4567" line found');
  },
  summarize: (d) => `load ${d.load1} ${d.load5} ${d.load15}, ${d.running}/${d.total} running`,
};
