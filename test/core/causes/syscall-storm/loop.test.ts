import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { syscallStorm } from '../../../../functions/core/causes/syscall-storm/index.js';
import {
  LOOP_MIN_TURNS,
  LOOP_SHARE,
  readLoop,
  type SyscallLoop,
} from '../../../../functions/core/causes/syscall-storm/loop.js';
import { SPIN } from '../../../../functions/core/causes/syscall-storm/trace.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

/** fluent-bit issue 90: stdin at EOF, re-armed by epoll, read again (shaped as a longer paste). */
const eofLoop = (over: Partial<SyscallLoop> = {}): SyscallLoop => ({
  source: 'pasted strace',
  calls: ['epoll_wait', 'read'],
  turns: 6,
  share: 100,
  immediate: 'read returns 0 (EOF) and epoll reports the fd readable again',
  ...over,
});

describe('readLoop', () => {
  it('names a loop whose lines show each turn returns at once, on its pattern', () => {
    // Act
    const storm = readLoop(eofLoop());

    // Assess
    expect(storm?.strength).toBe('pattern');
    expect(storm?.evidence.text).toBe(
      'epoll_wait → read repeated 6 times (100% of the lines): read returns 0 (EOF) and epoll reports the fd readable again',
    );
  });

  it(`needs ${LOOP_MIN_TURNS} turns and ${LOOP_SHARE}% of the lines`, () => {
    // Act / Assess
    expect(readLoop(eofLoop({ turns: LOOP_MIN_TURNS - 1 }))).toBe(undefined);
    expect(readLoop(eofLoop({ turns: LOOP_MIN_TURNS }))).toBeDefined();
    expect(readLoop(eofLoop({ share: LOOP_SHARE - 1 }))).toBe(undefined);
    expect(readLoop(eofLoop({ share: LOOP_SHARE }))).toBeDefined();
  });

  it(`names a timed loop from ${SPIN.rate} turns a second and not a paced one`, () => {
    // Prepare: a turn that does not say why it returns
    const { immediate: _why, ...plain } = eofLoop();

    // Act / Assess
    expect(readLoop({ ...plain, perSecond: SPIN.rate })?.strength).toBe('rate');
    expect(readLoop({ ...plain, perSecond: SPIN.rate - 1 })).toBe(undefined);
    expect(readLoop(eofLoop({ perSecond: SPIN.rate - 1 }))).toBe(undefined);
  });

  it('does not name a fast loop whose reads bring data each turn', () => {
    // Prepare: a spin's rate, no reason to return at once, a read of data in each turn
    const { immediate: _why, ...plain } = eofLoop({ perSecond: SPIN.rate });

    // Act / Assess
    expect(readLoop({ ...plain, readsData: true })).toBe(undefined);
    expect(readLoop({ ...plain, readsData: false })?.strength).toBe('rate');
  });

  it('does not name a repetition that neither returns at once nor shows its rate', () => {
    // Prepare: a busy server's epoll_wait → read → write, nothing says it does not block
    const { immediate: _why, ...plain } = eofLoop({ calls: ['epoll_wait', 'read', 'write'] });

    // Act / Assess
    expect(readLoop(plain)).toBe(undefined);
  });
});

const judged = (path: string) =>
  syscallStorm.judge(deriveFacts(readCapture(loadFixture(`captures/${path}.txt`))));

describe('a raw screenful judged by its loop', () => {
  it('names a pasted loop whose turns return at once, on its pattern alone (nixd issue 627)', () => {
    // Act
    const d = diagnosisOf(judged('corpus/syscall-storm/nixd-627-poll-pollhup-kill-loop'));

    // Assess: no CPU split beside it: the pattern's confidence
    expect(d.confidence).toBe(0.6);
    expect(d.evidence.map((e) => e.text)).toContain(
      'poll → kill repeated 6 times (100% of the lines): poll reports POLLHUP at once',
    );
    expect(d.evidence.every((e) => e.source === 'pasted strace')).toBe(true);
  });

  it(`names a loop of ${LOOP_MIN_TURNS} whole turns and not of fewer (fluent-bit issue 90, eio issue 572)`, () => {
    // Act / Assess: 3 turns of read EOF / epoll_wait EPOLLHUP; 2 ppolls answering POLLNVAL
    expect(judged('corpus/syscall-storm/fluent-bit-90-stdin-eof-epollhup-loop').kind).toBe(
      'diagnosis',
    );
    expect(judged('corpus/syscall-storm/eio-572-ppoll-pollnval-loop').kind).not.toBe('diagnosis');
  });

  it(`names a loop of ${LOOP_SHARE}% of the lines and not of fewer (LACT issue 831, nedit-ng issue 210)`, () => {
    // Act / Assess: 9 of 11 lines (81.8%) after one epoll_wait = 0; EAGAIN pairs on 4 of 6
    expect(judged('corpus/syscall-storm/lact-831-strace-read-eof-epoll-loop').kind).toBe(
      'diagnosis',
    );
    expect(judged('strace/nedit-ng-210-poll-100ms-recvmsg-eagain').kind).not.toBe('diagnosis');
  });

  it.each([
    'strace/teleproxy-129-epoll-pwait-nanosleep',
    'strace/cctools-1233-chirp-wait4-select-5ms',
    'strace/llmnrd-19-select-50ms-timeout',
    'strace/nedit-ng-210-poll-100ms-recvmsg-eagain',
    'strace/doublecmd-606-poll-tt',
    'strace/haproxy-2129-epoll-wait-tt',
  ])('does not name an idle loop that waits: %s', (path) => {
    // Act / Assess
    expect(judged(path).kind).not.toBe('diagnosis');
  });
});
