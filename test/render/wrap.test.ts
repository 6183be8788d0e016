import { describe, expect, it } from 'vitest';
import { wrap, wrapCommand } from '../../functions/render/wrap.js';

describe('wrap', () => {
  it('keeps every line within the width and indents the continuation', () => {
    const lines = wrap('one two three four five six seven eight nine ten', 14, '  ');

    expect(lines).toEqual(['one two three', '  four five', '  six seven', '  eight nine', '  ten']);
  });
});

describe('wrapCommand', () => {
  it('breaks a long command with shell continuations that paste back into the same command', () => {
    // Prepare
    const command = 'timeout -s INT 5 strace -f -e trace=tgkill,tkill,kill -e signal=all -p 2852';

    // Act
    const lines = wrapCommand(command, 60, '     ');

    // Assess
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    const pasted = lines
      .join('\n')
      .replace(/ \\\n\s+/g, ' ')
      .replace(/^\s*\$ /, '');
    expect(pasted).toBe(command);
  });

  it('leaves a short command on one line', () => {
    expect(wrapCommand('free -m', 80, '  ')).toEqual(['  $ free -m']);
  });
});
