import { NODE_READY, nodeWatchdog, startProgram } from './program.js';
import type { Scenario } from './types.js';

/**
 * A cache with no eviction: every 100 ms it keeps an entry it will never read again, so RSS
 * grows at the given rate (the demo: 3 MB entries, ~30 MB/s) at almost no CPU. The buffers are
 * filled, not just allocated, so their pages are really resident. It stops growing at 1.5 GB,
 * so a forgotten demo cannot hurt the machine.
 */
const EVERY_MS = 100;
/** The demo's entry: 3 MiB every 100 ms. */
const DEMO_CHUNK_BYTES = 3 * 1024 * 1024;
const CAP_MB = 1_536;

const source = (chunkBytes: number): string => `'use strict';
${nodeWatchdog('event-loop')}
const CHUNK = ${chunkBytes};
const CAP = ${CAP_MB} * 1024 * 1024;
const sessions = new Map();
let held = 0;
let next = 0;
setInterval(() => {
  if (held + CHUNK > CAP) return;
  const id = next++;
  sessions.set('session-' + id, { id, createdAt: Date.now(), body: Buffer.allocUnsafe(CHUNK).fill(id & 0xff) });
  held += CHUNK;
}, ${EVERY_MS});
${NODE_READY}
`;

/** The leaking cache at `bytesPerSecond`, for tests of slower and faster leaks than the demo's. */
export const leakingCache = (bytesPerSecond: number): Scenario => ({
  id: 'memory-creep',
  title: 'Memory creep (a cache that never evicts)',
  expectedCause: 'memory-creep',
  explains: `A process that keeps ~${Math.round(bytesPerSecond / 2 ** 20)} MB/s it never frees (capped at ${CAP_MB / 1024} GB), so its RSS climbs through the capture while its CPU stays low: the leak of seeds 002 and 003, sped up from days to seconds.`,
  settleMs: 2_000,
  start: (options) =>
    startProgram(
      {
        scenarioId: 'memory-creep',
        files: { 'memory-creep.cjs': source(Math.round((bytesPerSecond * EVERY_MS) / 1000)) },
        command: process.execPath,
        args: (dir) => [`${dir}/memory-creep.cjs`],
      },
      options,
    ),
});

export const memoryCreep: Scenario = leakingCache((DEMO_CHUNK_BYTES * 1000) / EVERY_MS);
