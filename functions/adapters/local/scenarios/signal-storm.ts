import { NODE_READY, nodeWatchdog, startProgram } from './program.js';
import type { Scenario } from './types.js';

/**
 * V8's sampler thread interrupts the main thread with SIGPROF (glibc `pthread_kill`: getpid,
 * tgkill, rt_sigprocmask) at every interval, and each delivery ends in rt_sigreturn: seed 000's
 * `strace -e signal=all` picture. Node clamps nothing, so 1 µs means "as fast as the sampler
 * can go": ~12,000 SIGPROF/s on this 2-core box, about half of the process's CPU in the kernel.
 * At 10 µs the kernel share was ~40 %, at 100 µs 12–15 % (measured here, utime vs stime).
 */
const SAMPLING_INTERVAL_US = 1;

// Ordinary JS work, 20 ms of every 100 ms: a service with some load, not a spin (more work
// only dilutes the kernel share: 30 ms gave 40–44 %, 20 ms 49–54 %). The rest of the time the
// main thread idles in epoll, still interrupted by every sample. The watchdog runs on the
// event loop: a worker would get a profiler of its own and double the storm.
const SOURCE = `'use strict';
${nodeWatchdog('event-loop')}
const render = (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(i) * (i % 7);
  return s;
};
let total = 0;
setInterval(() => {
  const end = Date.now() + 20;
  while (Date.now() < end) total += render(10_000);
}, 100);
${NODE_READY}
`;

export const signalStorm: Scenario = {
  id: 'signal-storm',
  title: 'Signal storm (profiler SIGPROF flood)',
  expectedCause: 'syscall-storm',
  explains:
    "Node under V8's own sampling profiler at a 1 µs interval, so SIGPROF floods the process and much of its CPU goes to the kernel: the mechanism of seed 000, where Datadog's in-process profiler pinned Node instances.",
  settleMs: 1_500,
  start: (options) =>
    startProgram(
      {
        scenarioId: 'signal-storm',
        files: { 'signal-storm.cjs': SOURCE },
        command: process.execPath,
        args: (dir) => [
          '--cpu-prof',
          '--cpu-prof-interval',
          String(SAMPLING_INTERVAL_US),
          // Written only on a clean exit, which never happens: the dir goes with the temp dir.
          '--cpu-prof-dir',
          `${dir}/profiles`,
          `${dir}/signal-storm.cjs`,
        ],
      },
      options,
    ),
};
