import { describe, expect, it } from 'vitest';
import {
  LOOP_MIN_TURNS,
  LOOP_SHARE,
  readLoop,
  type SyscallLoop,
} from '../../../../functions/core/causes/syscall-storm/loop.js';
import { SPIN } from '../../../../functions/core/causes/syscall-storm/trace.js';

/** fluent-bit issue 90: stdin at EOF, re-armed by epoll, read again (12 lines, 6 turns). */
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

  it('does not name a repetition that neither returns at once nor shows its rate', () => {
    // Prepare: a busy server's epoll_wait → read → write, nothing says it does not block
    const { immediate: _why, ...plain } = eofLoop({ calls: ['epoll_wait', 'read', 'write'] });

    // Act / Assess
    expect(readLoop(plain)).toBe(undefined);
  });
});
