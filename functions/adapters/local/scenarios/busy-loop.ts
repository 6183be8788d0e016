import { NODE_READY, nodeWatchdog, startProgram } from './program.js';
import type { Scenario } from './types.js';

// Seed 001's goroutine: a loop whose exit never comes. It makes no syscalls at all, so the
// watchdog runs on a worker thread (the main thread never gets back to its event loop).
const SOURCE = `'use strict';
${nodeWatchdog('worker')}${NODE_READY}
let state = 1;
for (;;) {
  state = (state * 1103515245 + 12345) % 2147483648;
}
`;

export const busyLoop: Scenario = {
  id: 'busy-loop',
  title: 'Busy loop (user-space spin)',
  expectedCause: 'runaway-process',
  explains:
    'A loop that never exits and never blocks, like the goroutine of seed 001 whose `break` left only the `select`: one core of user time and almost no syscalls.',
  settleMs: 1_000,
  start: (options) =>
    startProgram(
      {
        scenarioId: 'busy-loop',
        files: { 'busy-loop.cjs': SOURCE },
        command: process.execPath,
        args: (dir) => [`${dir}/busy-loop.cjs`],
      },
      options,
    ),
};
