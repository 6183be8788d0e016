import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveSyscalls } from '../../../functions/core/facts/syscalls.js';
import { loadFixture } from '../../helpers/fixtures.js';

const syscallsOf = (text: string) => deriveSyscalls(readCapture(text));
const fixture = (name: string) => syscallsOf(loadFixture(`captures/strace/${name}.txt`));

describe('deriveSyscalls from a raw trace', () => {
  it('shares of a spin: EAGAIN reads and zero-timeout polls make all of CudaText#3501', () => {
    const facts = fixture('cudatext-3501-poll-zero-recvmsg-eagain');

    expect(facts?.traced).toBe('raw');
    expect(facts?.errorShare).toBe(69.2); // 9 of 13
    expect(facts?.zeroTimeoutShare).toBe(30.8); // 4 of 13
    expect(facts?.spinShare).toBe(100);
    expect(facts?.syscalls[0]).toMatchObject({ name: 'recvmsg', errnos: { EAGAIN: 9 } });
  });

  it('counts sched_yield as spinning (eAccelerator#15)', () => {
    expect(fixture('eaccelerator-15-sched-yield')?.spinShare).toBe(100);
  });

  it('leaves waiting polls out of the spin share (doublecmd#606: 100 ms then 0 ms)', () => {
    const facts = fixture('doublecmd-606-poll-tt');

    // 13 polls, 6 with timeout 0; 0.6 s of -tt times: about 22 calls a second.
    expect(facts?.spinShare).toBe(46.2);
    expect(facts?.seconds).toBeCloseTo(0.600228, 6);
    expect(facts?.syscalls[0]?.perSecond).toBeCloseTo(13 / 0.600228, 3);
  });

  it('a calm trace has no spin (HAProxy#2129: epoll_wait waits 10-172 ms)', () => {
    const facts = fixture('haproxy-2129-epoll-wait-tt');

    expect(facts?.pid).toBe(169075);
    expect(facts?.spinShare).toBe(0);
    expect(facts?.errorShare).toBe(7.7); // one EINTR in 13
  });

  it('names the one thread a -f paste shows (pygame-ce#362)', () => {
    expect(fixture('pygame-ce-362-sched-yield-resumed')?.pid).toBe(11938);
  });

  it('a strace -c table says it is a summary, with its error share (mpdscribble#60)', () => {
    // Prepare: wookietreiber's table, verbatim (2024-07-30, a busy epoll_wait loop).
    const facts = syscallsOf(
      [
        '==> timeout 5s strace -c -p 222341 <==',
        '% time     seconds  usecs/call     calls    errors syscall',
        '------ ----------- ----------- --------- --------- ----------------',
        '100.00    0.718114           1    363839           epoll_wait',
        '------ ----------- ----------- --------- --------- ----------------',
        '100.00    0.718114           1    363839           total',
      ].join('\n'),
    );

    // Assess
    expect(facts?.traced).toBe('summary');
    expect(facts?.errorShare).toBe(0);
    expect(facts?.spinShare).toBeUndefined();
  });
});
