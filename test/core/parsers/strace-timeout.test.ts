import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topLevelArguments, zeroTimeout } from '../../../functions/core/parsers/strace-timeout.js';

describe('topLevelArguments', () => {
  it('keeps brackets, braces and quoted commas whole', () => {
    const args = topLevelArguments('[{fd=4, events=POLLIN}, {fd=5}], 2, "a, b\\", c", 0');

    expect(args).toEqual(['[{fd=4, events=POLLIN}, {fd=5}]', '2', '"a, b\\", c"', '0']);
  });
});

describe('zeroTimeout', () => {
  it('reads each wait’s timeout where strace prints it, counted from the end', () => {
    // Prepare: arguments as strace prints them (vray-for-houdini#241, teleproxy#129, this machine).
    const zero: [string, string][] = [
      ['poll', '[{fd=25, events=POLLIN}], 1, 0'],
      ['epoll_wait', '4, {{EPOLLOUT, {u32=1097811424, u64=94103831266784}}}, 36, 0'],
      ['epoll_pwait', '6, [], 524288, 0, NULL, 8'],
      ['ppoll', '[{fd=3, events=POLLIN}], 1, {tv_sec=0, tv_nsec=0}, NULL, 8'],
      ['select', '4, [3], NULL, NULL, {tv_sec=0, tv_usec=0}'],
      ['select', '4, [3], NULL, NULL, {0, 0}'],
      ['pselect6', '4, [3], NULL, NULL, {tv_sec=0, tv_nsec=0}, NULL'],
      ['nanosleep', '{tv_sec=0, tv_nsec=0}, NULL'],
      ['clock_nanosleep', 'CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=0}, NULL'],
    ];
    const waiting: [string, string][] = [
      ['poll', '[{fd=6, events=POLLIN}, {fd=18, events=POLLIN}], 2, 100'],
      ['epoll_pwait', '6, [], 524288, 2, NULL, 8'],
      ['epoll_wait', '5, [], 200, -1'],
      ['ppoll', '[{fd=3, events=POLLIN}], 1, NULL, NULL, 8'],
      ['select', '4, [3], NULL, NULL, {tv_sec=0, tv_usec=1}'],
      ['nanosleep', '{tv_sec=0, tv_nsec=606000}, 0x7ffcd40dc110'],
    ];

    // Act and assess
    for (const [name, args] of zero) expect(zeroTimeout(name, args), `${name}(${args})`).toBe(true);
    for (const [name, args] of waiting)
      expect(zeroTimeout(name, args), `${name}(${args})`).toBe(false);
  });

  it('says nothing of calls without a timeout or a tail too short to show it', () => {
    expect(zeroTimeout('read', '7, "\\1", 8')).toBeNull();
    expect(zeroTimeout('sched_yield', '')).toBeNull();
    expect(zeroTimeout('epoll_pwait', 'NULL, 8')).toBeNull();
  });

  it('never throws, whatever the arguments', () => {
    fc.assert(
      fc.property(fc.constantFrom('poll', 'ppoll', 'select', 'read'), fc.string(), (name, args) => {
        zeroTimeout(name, args);
      }),
    );
  });
});
