import { NODE_READY, nodeWatchdog, startProgram } from './program.js';
import type { Scenario } from './types.js';

/**
 * Many threads of one process, each burning CPU in user space with short pauses. They are
 * libuv's thread pool (UV_THREADPOOL_SIZE) running PBKDF2 jobs, not `worker_threads`: a worker
 * costs a V8 isolate (~8.5 MB and ~40 ms of CPU each; 48 took 6.5 s and 430 MB to start here),
 * a pool thread costs nothing, so 64 threads start at once in ~50 MB. No JVM, so no compiler
 * threads to mistake for JIT warm-up.
 */
const THREADS = 64;
// One job is ~1–1.5 ms of hashing; a batch gives each pool thread one, then all pause 25 ms.
// About 1.2–1.5 cores on an idle 2-core box: both cores, in bursts.
const ITERATIONS = 4_000;
const PAUSE_MS = 25;

const SOURCE = `'use strict';
${nodeWatchdog('event-loop')}
const crypto = require('node:crypto');
const threads = Number(process.env.UV_THREADPOOL_SIZE);
let first = true;
const batch = () => {
  let left = threads;
  for (let i = 0; i < threads; i++) {
    crypto.pbkdf2('password', 'salt-' + i, ${ITERATIONS}, 32, 'sha256', () => {
      if (--left > 0) return;
      if (first) {
        first = false;
        ${NODE_READY}
      }
      setTimeout(batch, ${PAUSE_MS});
    });
  }
};
batch();
`;

export const threadExplosion: Scenario = {
  id: 'thread-explosion',
  title: 'Thread explosion (64 busy threads)',
  expectedCause: 'runaway-process',
  explains: `${THREADS} threads of one process each burning CPU in user space with short pauses: the thread (goroutine) explosion of seed 001, where every spinning goroutine added to the load.`,
  settleMs: 1_500,
  start: (options) =>
    startProgram(
      {
        scenarioId: 'thread-explosion',
        files: { 'thread-explosion.cjs': SOURCE },
        command: process.execPath,
        args: (dir) => [`${dir}/thread-explosion.cjs`],
        env: { UV_THREADPOOL_SIZE: String(THREADS) },
      },
      options,
    ),
};
