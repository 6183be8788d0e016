import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/** `TCP:   120 (estab 80, closed 20, orphaned 0, synrecv 0, timewait 18/0), ports 0`. */
export interface TcpSocketCounts {
  total: number;
  estab?: number;
  closed?: number;
  orphaned?: number;
  /** Printed by old iproute2 only. */
  synrecv?: number;
  /** The first number of old iproute2's `timewait 18/0`. */
  timewait?: number;
  ports?: number;
}

/** A row of the Transport table; `-` (old iproute2's `*` row) is null. */
export interface TransportRow {
  total: number | null;
  ip: number | null;
  ipv6: number | null;
}

/** One `ss -s` output. */
export interface SocketSample {
  total: number;
  /** Old iproute2's `Total: 186 (kernel 251)`. */
  kernelTotal?: number;
  tcp?: TcpSocketCounts;
  /** By row name: RAW, UDP, TCP, INET, FRAG, and `*` in old versions. */
  transport: Record<string, TransportRow>;
}

/**
 * `ss -s`. A block can hold several runs (seed 000 ran it every 3 s); the top-level fields are
 * the last run, `samples` all of them, oldest first.
 */
export interface SocketSummary extends SocketSample {
  samples: SocketSample[];
}

const TOTAL = /^\s*Total:\s*(\d+)(?:\s*\(kernel\s+(\d+)\))?/;
// The closing parenthesis is optional so a line cut mid-way still gives its counts.
const TCP = /^\s*TCP:\s*(\d+)\s*(?:\(([^)]*)\)?)?(?:\s*,\s*ports\s+(\d+))?/;
// No end anchor: a pasted prompt can follow the last row on the same line (seed 000).
const ROW = /^\s*(\*|[A-Z]{2,8})\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)(?!\d)/;
const TCP_KEYS = new Set(['estab', 'closed', 'orphaned', 'synrecv', 'timewait']);

const count = (token: string | undefined): number | null =>
  token === undefined || token === '-' ? null : Number(token);

const readTcp = (m: RegExpExecArray): TcpSocketCounts => {
  const tcp: TcpSocketCounts = { total: Number(m[1]) };
  for (const pair of (m[2] ?? '').matchAll(/([a-z]+)\s+(\d+)/g)) {
    const key = pair[1] ?? '';
    if (TCP_KEYS.has(key)) tcp[key as 'estab'] = Number(pair[2]);
  }
  if (m[3] !== undefined) tcp.ports = Number(m[3]);
  return tcp;
};

export const ssSummaryParser: ToolParser<SocketSummary> = {
  tool: 'ss-summary',
  matchCommand: (command) =>
    /^ss\s+(?:.*\s)?(?:-[a-zA-Z]*s[a-zA-Z]*|--summary)(?:\s|$)/.test(command),
  banner: /^Total:\s+\d+(?:\s+\(kernel\s+\d+\))?\s*$/,
  parse(text) {
    const samples: SocketSample[] = [];
    for (const line of lines(text)) {
      const total = TOTAL.exec(line);
      if (total) {
        samples.push({
          total: Number(total[1]),
          ...(total[2] === undefined ? {} : { kernelTotal: Number(total[2]) }),
          transport: {},
        });
        continue;
      }
      const sample = samples[samples.length - 1];
      if (!sample) continue;
      const tcp = TCP.exec(line);
      if (tcp) {
        sample.tcp = readTcp(tcp);
        continue;
      }
      const row = ROW.exec(line);
      if (row && row[1] !== 'Transport') {
        sample.transport[row[1] ?? ''] = {
          total: count(row[2]),
          ip: count(row[3]),
          ipv6: count(row[4]),
        };
      }
    }
    const last = samples[samples.length - 1];
    if (!last) return fail('no "Total: 349" line found');
    return ok({ ...last, samples });
  },
  summarize: (d) => {
    const tcp = d.tcp
      ? `, TCP ${d.tcp.total} (estab ${d.tcp.estab ?? '?'}, timewait ${d.tcp.timewait ?? '?'})`
      : '';
    const runs = d.samples.length > 1 ? ` (last of ${d.samples.length} runs)` : '';
    return `${d.total} sockets${tcp}${runs}`;
  },
};
