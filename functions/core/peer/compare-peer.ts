/**
 * The sick instance beside a healthy peer of the same group: what differs, and what does not.
 * "Same on the healthy peer" is evidence too: a cause the peer shares (its agent, its profiler's
 * signal, its CPU split) does not explain why only one of them is sick. Seed 000 was solved so.
 */
import type { Triage } from '../classify.js';
import { compareCpu } from './cpu.js';
import type { PeerPart } from './part.js';
import { compareProcesses } from './process.js';
import type { PeerRow } from './rows.js';
import { compareSignals } from './signals.js';
import { compareSoftware } from './software.js';
import { compareSyscalls } from './syscalls.js';

export type { PeerArea, PeerRow, PeerVerdict } from './rows.js';

export interface PeerComparison {
  sick: { host?: string; cause: string; confidence: number };
  healthy: { host?: string; cause: string; confidence: number };
  /** What differs first, then what is the same; each in the order of the areas. */
  rows: PeerRow[];
  /** Measures only one of the two captures has: not compared, said so. */
  notCompared: string[];
  /** One line: `differs: sy 37% vs 4%, …; same on the healthy peer: agents and profilers`. */
  summary: string;
}

/** Rows named in the summary, each way; the rest are in `rows`. */
const SUMMARY_ROWS = 3;

const side = (t: Triage) => ({
  ...(t.facts.host ? { host: t.facts.host } : {}),
  cause: t.cause,
  confidence: t.confidence,
});

const summaryOf = (rows: PeerRow[]): string => {
  const differs = rows.filter((r) => r.verdict === 'differs');
  const same = rows.filter((r) => r.verdict === 'same');
  const parts = [
    differs.length > 0
      ? `differs: ${differs
          .slice(0, SUMMARY_ROWS)
          .map((r) => `${r.label} ${r.sick} vs ${r.healthy}`)
          .join(
            ', ',
          )}${differs.length > SUMMARY_ROWS ? ` (+${differs.length - SUMMARY_ROWS})` : ''}`
      : 'nothing measured differs',
    same.length > 0
      ? `same on the healthy peer: ${same
          .slice(0, SUMMARY_ROWS)
          .map((r) => r.label)
          .join(', ')}${same.length > SUMMARY_ROWS ? ` (+${same.length - SUMMARY_ROWS})` : ''}`
      : undefined,
  ];
  return parts.filter((p): p is string => p !== undefined).join('; ');
};

/** Compares a sick instance's triage with a healthy peer's, area by area. Pure. */
export const comparePeer = (sick: Triage, healthy: Triage): PeerComparison => {
  const parts: PeerPart[] = [
    compareCpu,
    compareProcesses,
    compareSyscalls,
    compareSignals,
    compareSoftware,
  ].map((area) => area(sick.facts, healthy.facts));
  const all = parts.flatMap((p) => p.rows);
  const rows = [
    ...all.filter((r) => r.verdict === 'differs'),
    ...all.filter((r) => r.verdict === 'same'),
  ];
  return {
    sick: side(sick),
    healthy: side(healthy),
    rows,
    notCompared: parts.flatMap((p) => p.notCompared),
    summary: summaryOf(rows),
  };
};
