import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import {
  BLOCKED_USECS,
  RAW_MIN_CALLS,
  RAW_SPIN_SHARE,
  type RawPatternRow,
  readTrace,
  SPIN,
  SPIN_SHARE,
  type SyscallPattern,
  WORK_PER_WAIT,
} from '../../../../functions/core/causes/syscall-storm/trace.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { SyscallCount } from '../../../../functions/core/facts/types.js';
import { loadFixture } from '../../../helpers/fixtures.js';

/** The syscall facts of a fixture, as the rule reads them. */
const traceOf = (path: string): SyscallPattern => {
  const trace = deriveFacts(readCapture(loadFixture(path))).syscalls;
  if (!trace) throw new Error(`${path} has no syscall facts`);
  return trace;
};

/** A `strace -c` table of the given rows over `seconds` (undefined: untimed). */
const table = (rows: Row[], seconds?: number): SyscallPattern => ({
  source: 'timeout -s INT 2 strace -c -f -p 4242',
  ...(seconds ? { seconds } : {}),
  totalCalls: rows.reduce((a, r) => a + r.calls, 0),
  totalErrors: rows.reduce((a, r) => a + r.errors, 0),
  syscalls: rows,
});

type Row = SyscallCount & RawPatternRow;

const row = (name: string, calls: number, over: Partial<Row> = {}): Row => ({
  name,
  calls,
  errors: 0,
  ...over,
});

describe('readTrace on strace -c tables measured on this machine', () => {
  it('calls an idle event loop calm: 19 epoll_wait in 2 s', () => {
    // Act
    const reading = readTrace(traceOf('captures/strace-c/this-machine-epoll-idle-100ms.txt'));

    // Assess
    expect(reading?.kind).toBe('calm');
  });

  it('calls a 1 ms timer loop calm: 754 epoll_wait a second is under the spin rate', () => {
    // Act
    const reading = readTrace(traceOf('captures/strace-c/this-machine-epoll-1ms-timer.txt'));

    // Assess
    expect(reading?.kind).toBe('calm');
  });

  it('names a zero-timeout epoll_wait loop a busy-wait at its rate', () => {
    // Act
    const reading = readTrace(
      traceOf('captures/strace-c/this-machine-epoll-zero-timeout-spin.txt'),
    );

    // Assess
    expect(reading).toMatchObject({ kind: 'storm', storm: 'busy-wait', strength: 'rate' });
    expect(reading?.kind === 'storm' && reading.why).toMatch(/epoll_wait makes 100% of calls/);
  });

  it('names a sched_yield loop a yield storm', () => {
    // Act
    const reading = readTrace(traceOf('captures/strace-c/this-machine-sched-yield-spin.txt'));

    // Assess
    expect(reading).toMatchObject({ kind: 'storm', storm: 'yield', strength: 'rate' });
  });
});

describe('readTrace on real pasted tables', () => {
  it("names nomad's 63,593 sched_yield in 10 s (strace -c -f) a yield storm", () => {
    // Act
    const reading = readTrace(
      traceOf('captures/corpus/syscall-storm/nomad-8163-sched-yield-strace-c.txt'),
    );

    // Assess
    expect(reading).toMatchObject({ kind: 'storm', storm: 'yield', strength: 'rate' });
  });

  it("names mpdscribble's 363,839 epoll_wait in 5 s at 1 usecs/call a busy-wait", () => {
    // Act
    const reading = readTrace(
      traceOf('captures/corpus/syscall-storm/mpdscribble-60-epoll-wait-strace-c.txt'),
    );

    // Assess
    expect(reading).toMatchObject({ kind: 'storm', storm: 'busy-wait', strength: 'rate' });
  });

  it("names ptunnel-ng's select loop a busy-wait, not a clock storm, though gettimeofday leads", () => {
    // Act
    const reading = readTrace(
      traceOf('captures/corpus/syscall-storm/ptunnel-ng-pr5-select-busywait.txt'),
    );

    // Assess
    expect(reading).toMatchObject({ kind: 'storm', storm: 'busy-wait' });
    expect(reading?.kind === 'storm' && reading.rows.map((r) => r.name)).toContain('_newselect');
  });

  it("keeps neon's untimed 1,000,000 gettimeofday a clock storm, judged by its count", () => {
    // Act
    const reading = readTrace(
      traceOf('captures/corpus/syscall-storm/neon-1480-hpet-gettimeofday-syscall.txt'),
    );

    // Assess
    expect(reading).toMatchObject({ kind: 'storm', storm: 'clock', strength: 'count' });
  });
});

describe('readTrace thresholds', () => {
  it(`spins from ${SPIN.rate} calls a second of a returning wait, not just below`, () => {
    // Prepare: 2 s traces, a wait alone
    const below = table([row('epoll_wait', 2 * SPIN.rate - 2)], 2);
    const at = table([row('epoll_wait', 2 * SPIN.rate)], 2);

    // Act / Assess
    expect(readTrace(below)?.kind).toBe('calm');
    expect(readTrace(at)).toMatchObject({ kind: 'storm', storm: 'busy-wait' });
  });

  it(`spins untimed from ${SPIN.untimed} calls, not just below`, () => {
    // Act / Assess
    expect(readTrace(table([row('sched_yield', SPIN.untimed - 1)]))?.kind).not.toBe('storm');
    expect(readTrace(table([row('sched_yield', SPIN.untimed)]))).toMatchObject({
      kind: 'storm',
      storm: 'yield',
      strength: 'count',
    });
  });

  it(`needs the spinning call at ${SPIN_SHARE}% of calls, not just below`, () => {
    // Prepare: 10,000 calls a second in all over 2 s, the rest calls that move no data
    const withWaits = (waits: number) =>
      table(
        [
          row('epoll_wait', waits),
          row('fcntl', (20_000 - waits) / 2),
          row('close', (20_000 - waits) / 2),
        ],
        2,
      );

    // Act
    const below = readTrace(withWaits(0.39 * 20_000));
    const at = readTrace(withWaits(0.41 * 20_000));

    // Assess
    expect(below?.kind === 'storm' && below.storm).not.toBe('busy-wait');
    expect(at).toMatchObject({ kind: 'storm', storm: 'busy-wait' });
  });

  it(`takes waits followed by ${WORK_PER_WAIT} reads or writes each as a loaded event loop`, () => {
    // Prepare: 10,000 epoll_wait in 2 s, 60% of the calls, with successful reads beside them
    const withReads = (reads: number) =>
      table(
        [
          row('epoll_wait', 10_000),
          row('read', reads, { errors: 100 }),
          row('close', 6_666 - reads),
        ],
        2,
      );

    // Act
    const loaded = readTrace(withReads(WORK_PER_WAIT * 10_000 + 100));
    const spinning = readTrace(withReads(WORK_PER_WAIT * 10_000 + 99));

    // Assess: reads that fail (EAGAIN) are no work
    expect(loaded?.kind === 'storm' && loaded.storm).not.toBe('busy-wait');
    expect(spinning).toMatchObject({ kind: 'storm', storm: 'busy-wait' });
  });

  it(`takes a wait that blocked ${BLOCKED_USECS} usecs a call (strace -w) as waiting, not spinning`, () => {
    // Prepare
    const spun = table([row('epoll_wait', 10_000, { usecsPerCall: BLOCKED_USECS - 1 })], 2);
    const blocked = table([row('epoll_wait', 10_000, { usecsPerCall: BLOCKED_USECS })], 2);

    // Act / Assess
    expect(readTrace(spun)).toMatchObject({ kind: 'storm', storm: 'busy-wait' });
    expect(readTrace(blocked)?.kind).not.toBe('storm');
  });

  it('names a futex that fails on most calls, not one that mostly sleeps', () => {
    // Prepare: 5,000 futex calls a second (under the futex storm's 10k/s), half failing or not
    const failing = table([row('futex', 10_000, { errors: 5_100 })], 2);
    const sleeping = table([row('futex', 10_000, { errors: 4_900 })], 2);

    // Act / Assess
    expect(readTrace(failing)).toMatchObject({ kind: 'storm', storm: 'futex' });
    expect(readTrace(sleeping)?.kind).not.toBe('storm');
  });

  it('names a non-blocking read failing on most calls a busy-wait', () => {
    // Prepare: 3,000 reads a second, EAGAIN on 51% or 49%
    const failing = table([row('read', 6_000, { errors: 3_060 }), row('write', 100)], 2);
    const working = table([row('read', 6_000, { errors: 2_940 }), row('write', 100)], 2);

    // Act / Assess
    expect(readTrace(failing)).toMatchObject({ kind: 'storm', storm: 'busy-wait' });
    expect(readTrace(working)?.kind).not.toBe('storm');
  });
});

/** A raw trace as the raw-strace reader gives it (counts of the lines, what returned at once). */
const raw = (rows: Row[], spinShare: number, seconds?: number): SyscallPattern => ({
  ...table(rows, seconds),
  source: 'pasted strace',
  traced: 'raw',
  spinShare,
});

describe('readTrace on raw strace lines', () => {
  // WSL issue 2055 (a read failing with EAGAIN, then a poll ready at once): 15 lines, 53%.
  const wsl = [row('read', 8, { errors: 8, errnos: { EAGAIN: 8 } }), row('poll', 7)];

  it(`names a screenful at ${RAW_SPIN_SHARE}% calls that returned at once a loop, on its pattern`, () => {
    // Act
    const reading = readTrace(raw(wsl, 53.3));

    // Assess
    expect(reading).toMatchObject({ kind: 'storm', storm: 'busy-wait', strength: 'pattern' });
  });

  it(`does not just below ${RAW_SPIN_SHARE}% (doublecmd issue 606's paced poll: 46%)`, () => {
    // Act / Assess
    expect(readTrace(raw(wsl, RAW_SPIN_SHARE - 0.1))?.kind).not.toBe('storm');
  });

  it(`needs ${RAW_MIN_CALLS} lines`, () => {
    // Prepare
    const lines = (n: number) => raw([row('sched_yield', n)], 100);

    // Act / Assess
    expect(readTrace(lines(RAW_MIN_CALLS - 1))?.kind === 'storm').toBe(false);
    expect(readTrace(lines(RAW_MIN_CALLS))).toMatchObject({ kind: 'storm', storm: 'yield' });
  });

  it('lets timestamps that show a paced loop overrule its shape', () => {
    // Prepare: doublecmd issue 606: 13 polls in 0.6 s
    const paced = raw([row('poll', 13, { zeroTimeout: 6 })], 100, 0.6);

    // Act / Assess
    expect(readTrace(paced)?.kind === 'storm').toBe(false);
  });

  it('counts sched_yield lines as returning at once when the reader gives no share', () => {
    // Prepare: eAccelerator issue 15, 27 sched_yield lines
    const trace: SyscallPattern = { ...table([row('sched_yield', 27)]), traced: 'raw' };

    // Act / Assess
    expect(readTrace(trace)).toMatchObject({ kind: 'storm', storm: 'yield', strength: 'pattern' });
  });
});
