import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { procIoParser } from '../../../functions/core/parsers/proc-io.js';
import { loadBlockFixture, loadFixture } from '../../helpers/fixtures.js';

describe('procIoParser', () => {
  it('reads syscr, syscw and the byte counts, and the pid from the path', () => {
    // Prepare
    const { command, text } = loadBlockFixture('captures/proc-io/debian12-dd-two-samples.txt');

    // Act
    const result = procIoParser.parse(text.split('==>')[0] ?? '', command);

    // Assess
    expect(result).toEqual({
      ok: true,
      data: {
        pid: 28721,
        rchar: 1_960_132,
        wchar: 1_953_156,
        syscr: 1_953_166,
        syscw: 1_953_156,
        readBytes: 0,
        writeBytes: 0,
        cancelledWriteBytes: 0,
      },
    });
  });

  it('reads both timed samples of a capture', () => {
    // Act
    const capture = readCapture(loadFixture('captures/proc-io/debian12-dd-two-samples.txt'));

    // Assess
    expect(capture.blocks.map((b) => [b.tool, b.status, b.at])).toEqual([
      ['proc-io', 'parsed', '2026-12-07T03:12:01.817Z'],
      ['proc-io', 'parsed', '2026-12-07T03:12:02.870Z'],
    ]);
  });

  it('is recognised by its first line when pasted bare, without a pid', () => {
    // Prepare
    const { text } = loadBlockFixture('captures/proc-io/debian12-dd-two-samples.txt');
    const first = text.split('==>')[0] ?? '';

    // Act
    const capture = readCapture(first);

    // Assess
    expect(capture.blocks).toEqual([
      expect.objectContaining({
        tool: 'proc-io',
        status: 'parsed',
        data: expect.objectContaining({ pid: null, syscr: 1_953_166 }),
      }),
    ]);
  });

  it('needs both syscall counters', () => {
    const result = procIoParser.parse('rchar: 10\nwchar: 20\nsyscr: 3\n', 'cat /proc/1/io');

    expect(result).toEqual({ ok: false, error: 'no "syscr:" and "syscw:" lines found' });
  });
});
