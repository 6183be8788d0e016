/**
 * One row of a sick-versus-healthy-peer comparison, and how a row decides `differs` or `same`.
 * A number differs when it moves by compare's meaningful share (30% of the larger value, as a
 * rerun's comparison counts a change) AND by an absolute floor of its own: sy 3% against 2% is
 * a third apart but means nothing.
 */
import { movedMeaningfully } from '../causes/shared/change.js';

export type PeerArea =
  | 'cpu'
  | 'process'
  | 'syscalls'
  | 'signals'
  | 'threads'
  | 'memory'
  | 'agents'
  | 'environment'
  | 'uptime'
  | 'versions';

export type PeerVerdict = 'differs' | 'same';

export interface PeerRow {
  area: PeerArea;
  label: string;
  verdict: PeerVerdict;
  /** The measure on the sick instance and on the healthy peer, in its own unit. */
  sick: string;
  healthy: string;
  /** One line: what the difference points at, or what the sameness rules out. */
  reason: string;
}

/**
 * A row's measure: how it is read in its unit, the smallest absolute difference that counts,
 * and what a difference or a sameness means for the sick instance.
 */
export interface Measure {
  area: PeerArea;
  label: string;
  format: (n: number) => string;
  /** In the measure's unit (percentage points, calls per second, KiB, seconds…). */
  floor: number;
  /** Said when it differs, after how far apart they are (`8.6× the peer's: …`). */
  differs: string;
  /** Said when it is the same: what the peer's sameness rules out. */
  same: string;
}

/** `8.6× the peer's`, `the peer shows none`: how far apart, from the sick one's side. */
const apart = (sick: number, healthy: number): string => {
  if (healthy === 0) return 'the peer shows none';
  if (sick === 0) return 'the sick one shows none';
  const r = sick / healthy;
  const times = (x: number) => `${x.toFixed(x >= 10 ? 0 : 1)}×`;
  return r >= 1 ? `${times(r)} the peer's` : `${times(1 / r)} below the peer's`;
};

/** Whether two values of a measure differ: by the meaningful share and by the measure's floor. */
export const numbersDiffer = (sick: number, healthy: number, floor: number): boolean => {
  return movedMeaningfully(sick, healthy) && Math.abs(sick - healthy) >= floor;
};

/** A row for a number both captures show, or nothing when either lacks it. */
export const numberRow = (
  m: Measure,
  sick: number | undefined,
  healthy: number | undefined,
): PeerRow | undefined => {
  if (sick === undefined || healthy === undefined) return undefined;
  const differs = numbersDiffer(sick, healthy, m.floor);
  return {
    area: m.area,
    label: m.label,
    verdict: differs ? 'differs' : 'same',
    sick: m.format(sick),
    healthy: m.format(healthy),
    reason: differs ? `${apart(sick, healthy)}: ${m.differs}` : m.same,
  };
};

/** A row for a name or version both captures show: the same text, or not. */
export const textRow = (
  area: PeerArea,
  label: string,
  sick: string | undefined,
  healthy: string | undefined,
  why: { differs: string; same: string },
): PeerRow | undefined => {
  if (sick === undefined || healthy === undefined) return undefined;
  const same = sick === healthy;
  return {
    area,
    label,
    verdict: same ? 'same' : 'differs',
    sick,
    healthy,
    reason: same ? why.same : why.differs,
  };
};

/** A row for what is present on each (agents, signals): what only one of them has. */
export const setRow = (
  area: PeerArea,
  label: string,
  sick: readonly string[] | undefined,
  healthy: readonly string[] | undefined,
  same: string,
): PeerRow | undefined => {
  if (sick === undefined || healthy === undefined) return undefined;
  const onlySick = sick.filter((s) => !healthy.includes(s));
  const onlyPeer = healthy.filter((s) => !sick.includes(s));
  const shown = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');
  const differs = [
    onlySick.length > 0 ? `only on the sick one: ${onlySick.join(', ')}` : undefined,
    onlyPeer.length > 0 ? `only on the peer: ${onlyPeer.join(', ')}` : undefined,
  ].filter((s): s is string => s !== undefined);
  return {
    area,
    label,
    verdict: differs.length > 0 ? 'differs' : 'same',
    sick: shown(sick),
    healthy: shown(healthy),
    reason: differs.length > 0 ? differs.join('; ') : same,
  };
};
