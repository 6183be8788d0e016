import type { PeerRow } from './rows.js';

/** What one area of the comparison found: its rows, and what only one capture showed. */
export interface PeerPart {
  rows: PeerRow[];
  /** `CPU split (us/sy/wa/st): only the sick capture shows it`. */
  notCompared: string[];
}

/** The rows a pair of captures has, in order. */
export const rowsOf = (rows: (PeerRow | undefined)[]): PeerRow[] =>
  rows.filter((r): r is PeerRow => r !== undefined);

/** A measure one capture has and the other lacks, said as such; nothing when both or neither. */
export const oneSided = (label: string, sick: boolean, healthy: boolean): string[] =>
  sick === healthy
    ? []
    : [`${label}: only the ${sick ? 'sick capture' : "healthy peer's capture"} shows it`];
