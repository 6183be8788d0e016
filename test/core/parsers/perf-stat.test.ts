import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { perfStatParser } from '../../../functions/core/parsers/perf-stat.js';
import { loadBlockFixture, loadFixture } from '../../helpers/fixtures.js';

describe('perfStatParser', () => {
  it('reads the counts, the process and the elapsed time of perf stat -p', () => {
    // Prepare
    const { command, text } = loadBlockFixture('captures/perf-stat/debian12-node-sigprof.txt');

    // Act
    const result = perfStatParser.parse(text, command);

    // Assess
    expect(result).toEqual({
      ok: true,
      data: {
        pids: [28868],
        target: "process id '28868'",
        events: [
          { event: 'raw_syscalls:sys_enter', count: 148_526 },
          { event: 'signal:signal_deliver', count: 18_833 },
        ],
        elapsedSeconds: 2.004684501,
      },
    });
  });

  it('keeps an event the machine cannot count as null, and a command as the target', () => {
    // Prepare
    const { command, text } = loadBlockFixture(
      'captures/perf-stat/debian12-sleep-not-supported.txt',
    );

    // Act
    const result = perfStatParser.parse(text, command);

    // Assess: the user/sys lines of a command are not events
    expect(result.ok && result.data).toEqual({
      pids: [],
      target: "'sleep 1'",
      events: [
        { event: 'context-switches', count: 1 },
        { event: 'cycles', count: null },
        { event: 'signal:signal_deliver', count: 0 },
      ],
      elapsedSeconds: 1.003605053,
    });
  });

  it('is chosen for its header, and recognised by its banner when pasted bare', () => {
    // Prepare
    const { text } = loadBlockFixture('captures/perf-stat/debian12-dd-syscalls.txt');

    // Act
    const headed = readCapture(loadFixture('captures/perf-stat/debian12-dd-syscalls.txt'));
    const bare = readCapture(text);

    // Assess
    expect(headed.blocks.map((b) => [b.tool, b.status])).toEqual([['perf-stat', 'parsed']]);
    expect(bare.blocks.map((b) => [b.tool, b.status])).toEqual([['perf-stat', 'parsed']]);
  });

  it('says what it expected when there is no counter table', () => {
    const banner = perfStatParser.parse(
      'Error:\nNo permission to enable raw_syscalls:sys_enter event.\n',
      'perf stat -e raw_syscalls:sys_enter -p 1',
    );
    const empty = perfStatParser.parse(" Performance counter stats for process id '1':\n\n", null);

    expect(banner).toEqual({ ok: false, error: 'no "Performance counter stats for …" line found' });
    expect(empty).toEqual({
      ok: false,
      error: 'no counted events under "Performance counter stats"',
    });
  });

  it('does not take perf report or perf top', () => {
    expect(perfStatParser.matchCommand('perf stat -e signal:signal_deliver -p 12 -- sleep 8')).toBe(
      true,
    );
    expect(perfStatParser.matchCommand('perf report --stdio')).toBe(false);
  });
});
