import { describe, expect, it } from 'vitest';
import { normalizeCommand } from '../../../functions/core/capture/command.js';

describe('normalizeCommand', () => {
  it.each([
    ['top -b -n 1', 'top -b -n 1'],
    ['sudo /usr/bin/top -b', 'top -b'],
    ['sudo -E timeout -s INT 5 strace -c -f -p 2872', 'strace -c -f -p 2872'],
    ['COLUMNS=512 top -b', 'top -b'],
    ['env LANG=C vmstat 1 5', 'vmstat 1 5'],
    ['/proc/meminfo', 'cat /proc/meminfo'],
    ['nice -n 19 ps aux', 'ps aux'],
  ])('reduces %j to %j', (input, expected) => {
    expect(normalizeCommand(input)).toBe(expected);
  });
});
