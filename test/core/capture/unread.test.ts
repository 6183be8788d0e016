import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { unreadBlocks } from '../../../functions/core/capture/unread.js';
import { classify } from '../../../functions/core/classify.js';
import { loadFixture } from '../../helpers/fixtures.js';

describe('unreadBlocks', () => {
  it('names a tool the reader does not know and what to paste instead', () => {
    // Act
    const lines = unreadBlocks(
      readCapture(loadFixture('captures/corpus/memory-creep/selinux-220-ebitmap-node-slabtop.txt')),
    );

    // Assess
    expect(lines).toEqual([
      '`slabtop --sort c -o` is not a tool alert-triage reads: paste cat /proc/meminfo (its Slab and SUnreclaim lines) instead',
    ]);
  });

  it('says why a known tool’s output was not understood', () => {
    // Prepare: ps rows grepped out of their header, in a layout (`ps l`) the parser does not
    // assume without one.
    const text =
      '$ ps l | grep java\nroot 1396 0.1 0.0 18024 3020 ? Ss 10:00 0:00 java\nroot 1397 0.1 0.0 18024 3020 ? Ss 10:00 0:00 java';

    // Act
    const lines = unreadBlocks(readCapture(text));

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^`ps l \| grep java` was not understood \(.+\): paste it whole/);
  });

  it('points unrecognised pasted text at the basics', () => {
    // Act
    const lines = unreadBlocks(
      readCapture('Thread (active+gil): "MainThread"\n    work (app.py:10)'),
    );

    // Assess
    expect(lines).toEqual([
      'pasted text starting `Thread (active+gil): "MainThread"` was not recognised: paste top -b -n 2 -d 1, vmstat 1 5, ps -eo pid,etimes,nlwp,pcpu,rss,comm,args --sort=-pcpu and free -m',
    ]);
  });

  it('says nothing of blank or elided blocks and one-line helper answers', () => {
    // Act
    const lines = unreadBlocks(readCapture('$ pgrep java\n4242\n$ top\n...\n'));

    // Assess
    expect(lines).toEqual([]);
  });

  it('reports at most five blocks, then how many more', () => {
    // Prepare
    const text = Array.from({ length: 7 }, (_, i) => `$ dstat ${i}\nusr sys idl\n 1 2 97`).join(
      '\n',
    );

    // Act
    const lines = unreadBlocks(readCapture(text));

    // Assess
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('2 more blocks were not read');
  });

  it('reaches the triage’s missing list, after what the rules lacked', () => {
    // Act
    const triage = classify(
      readCapture('$ dstat 5\nusr sys idl wai\n 1   2  97   0\n 1   1  98   0'),
    );

    // Assess
    expect(triage.missing.at(-1)).toBe(
      '`dstat 5` is not a tool alert-triage reads: paste vmstat 1 5 and iostat -x 1 3 instead',
    );
  });
});
