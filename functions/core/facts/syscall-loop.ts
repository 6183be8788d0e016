import { blocksOf, type Capture } from '../capture/read.js';
import type { CallLine } from '../parsers/strace.js';
import { sourceOf } from './source.js';
import { callKey, immediateOf, readsData, waited } from './syscall-turn.js';
import type { SyscallLoopFacts } from './types.js';

/**
 * The repeated-call loop of a raw trace: the shortest turn of 1–4 calls that, repeated, covers
 * the most call lines of one thread. Whether it is a storm is the rule's call (causes/
 * syscall-storm/loop.ts); this says what repeats, how often, how fast, and why it returns.
 */

/** Calls a turn may have: a spin is a wait or a failing call and the one or two it retries. */
export const MAX_TURN = 4;

/** Turns in a row from which their timestamps tell a pace. */
export const PACED_TURNS = 3;

interface Run {
  start: number;
  length: number;
}

interface Turn {
  period: number;
  /** Each run of it, in its thread's lines. */
  runs: Run[];
  covered: number;
}

/** Stretches of `keys` that repeat with `period`, at least two turns long. */
const runsOf = (keys: string[], period: number): Run[] => {
  const runs: Run[] = [];
  let i = 0;
  while (i + period < keys.length) {
    if (keys[i] !== keys[i + period]) {
      i++;
      continue;
    }
    let j = i;
    while (j + period < keys.length && keys[j] === keys[j + period]) j++;
    const length = j + period - i;
    if (length < 2 * period) {
      i++;
      continue;
    }
    runs.push({ start: i, length });
    i = j + period;
  }
  return runs;
};

/** A turn's identity whatever call the run began with: its least rotation. */
const turnId = (keys: string[], run: Run, period: number): string => {
  const turn = keys.slice(run.start, run.start + period);
  return turn
    .map((_k, r) => [...turn.slice(r), ...turn.slice(0, r)].join('\n'))
    .sort()[0] as string;
};

/** The turn covering most lines of `keys`; a shorter one wins a tie (its repeats repeat too). */
const bestTurn = (keys: string[]): Turn | undefined => {
  let best: Turn | undefined;
  for (let period = 1; period <= MAX_TURN; period++) {
    const byId = new Map<string, Run[]>();
    for (const run of runsOf(keys, period)) {
      const id = turnId(keys, run, period);
      byId.set(id, [...(byId.get(id) ?? []), run]);
    }
    for (const runs of byId.values()) {
      const covered = runs.reduce((a, r) => a + r.length, 0);
      if (!best || covered > best.covered) best = { period, runs, covered };
    }
  }
  return best;
};

/**
 * Turns a second over the runs of at least PACED_TURNS turns, when the lines carry timestamps:
 * two calls a microsecond apart between long waits are not a pace.
 */
const rateOf = (lines: CallLine[], turn: Turn): number | undefined => {
  let seconds = 0;
  let turns = 0;
  for (const run of turn.runs.filter((r) => r.length >= PACED_TURNS * turn.period)) {
    const first = lines[run.start]?.at;
    const last = lines[run.start + run.length - 1]?.at;
    if (first === undefined || last === undefined) return undefined;
    seconds += last - first;
    turns += (run.length - 1) / turn.period;
  }
  return seconds > 0 ? turns / seconds : undefined;
};

/** A call between the turns that waited: the turns are paced by it, whatever they return. */
const pacedBetween = (lines: CallLine[], turn: Turn): boolean => {
  const runs = [...turn.runs].sort((a, b) => a.start - b.start);
  return runs.slice(1).some((run, i) => {
    const before = runs[i] as Run;
    return lines.slice(before.start + before.length, run.start).some(waited);
  });
};

/** The loop of the last raw trace, when one thread's lines repeat a turn at least twice. */
export const deriveSyscallLoop = (capture: Capture): SyscallLoopFacts | undefined => {
  const trace = blocksOf(capture, 'strace').at(-1);
  const calls = trace?.data.calls ?? [];
  if (!trace || calls.length === 0) return undefined;
  const threads = new Map<number | null, CallLine[]>();
  for (const line of calls) threads.set(line.pid, [...(threads.get(line.pid) ?? []), line]);
  let found: { pid: number | null; lines: CallLine[]; turn: Turn } | undefined;
  for (const [pid, lines] of threads) {
    const turn = bestTurn(lines.map(callKey));
    if (turn && (!found || turn.covered > found.turn.covered)) found = { pid, lines, turn };
  }
  if (!found) return undefined;
  const { lines, turn } = found;
  const longest = [...turn.runs].sort((a, b) => b.length - a.length)[0] as Run;
  const first = lines.slice(longest.start, longest.start + turn.period);
  const pid = trace.data.tracedPids[0] ?? found.pid ?? undefined;
  const perSecond = rateOf(lines, turn);
  const immediate = pacedBetween(lines, turn) ? undefined : immediateOf(first);
  return {
    source: sourceOf(trace),
    ...(pid !== undefined ? { pid } : {}),
    calls: first.map((l) => l.name),
    turns: turn.runs.reduce((a, r) => a + Math.floor(r.length / turn.period), 0),
    share: Math.round((1000 * turn.covered) / calls.length) / 10,
    ...(perSecond !== undefined ? { perSecond: Math.round(perSecond) } : {}),
    ...(immediate !== undefined ? { immediate } : {}),
    ...(readsData(first) ? { readsData: true } : {}),
  };
};
