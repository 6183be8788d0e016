import { describe, expect, it } from 'vitest';
import { splitDocument } from '../../../functions/core/capture/document.js';

const banners = (line: string): string | null =>
  /^top - \d/.test(line) ? 'top' : /^\s*"Reservations"/.test(line) ? 'json' : null;

describe('splitDocument', () => {
  it('reads metadata before the first block, and blocks by their headers', () => {
    // Prepare
    const text = [
      '# alert-triage capture v1',
      '# host: ip-172-31-0-84',
      '# Instance-Type: t3.micro',
      '==> uptime <==',
      ' 02:22:21 up 4:50,  2 users,  load average: 2.95, 2.78, 2.70',
      '',
      '==> ps -o pid,rss,etimes -p 20 @ 2026-11-22T09:12:03.120Z <==',
      '  PID   RSS ELAPSED',
      '   20  1000   100',
    ].join('\n');

    // Act
    const doc = splitDocument(text, banners);

    // Assess
    expect(doc.metadata).toEqual({
      format: 'alert-triage capture v1',
      host: 'ip-172-31-0-84',
      'instance-type': 't3.micro',
    });
    expect(doc.blocks.map((b) => [b.command, b.at, b.line, b.lines.length])).toEqual([
      ['uptime', null, 4, 1],
      ['ps -o pid,rss,etimes -p 20', '2026-11-22T09:12:03.120Z', 7, 2],
    ]);
  });

  it('accepts HH:MM and HH:MM:SS sample times', () => {
    const doc = splitDocument('==> ps @ 10:00 <==\nx\n==> ps @ 10:00:05 <==\ny', banners);

    expect(doc.blocks.map((b) => b.at)).toEqual(['10:00', '10:00:05']);
  });

  it('keeps the capture script notes apart from block text', () => {
    const doc = splitDocument(
      '==> ss -s <==\nTotal: 10\n# skipped: strace not installed\n# deep: not run (sy 2%)',
      banners,
    );

    expect(doc.blocks[0]?.lines).toEqual(['Total: 10']);
    expect(doc.notes).toEqual(['skipped: strace not installed', 'deep: not run (sy 2%)']);
  });

  it('treats a pasted shell prompt as a header and keeps the strace attach line for its PID', () => {
    const text = [
      '[ec2-user@ip-10-0-0-1 ~]$ sudo strace -c -f -p 2872',
      'strace: Process 2872 attached',
      '% time     seconds  usecs/call     calls    errors syscall',
      'root@web-1:~# free -m',
      '              total        used        free',
    ].join('\n');

    const doc = splitDocument(text, banners);

    expect(doc.blocks.map((b) => [b.command, b.lines])).toEqual([
      [
        'sudo strace -c -f -p 2872',
        [
          'strace: Process 2872 attached',
          '% time     seconds  usecs/call     calls    errors syscall',
        ],
      ],
      ['free -m', ['              total        used        free']],
    ]);
  });

  it('finds headerless outputs by their banners and keeps repeated frames together', () => {
    const text = [
      'some words a person typed',
      'top - 13:35:56 up 1 day',
      'Tasks: 1 total',
      'top - 13:35:57 up 1 day',
      'Tasks: 2 total',
      '{',
      '    "Reservations": []',
      '}',
    ].join('\n');

    const doc = splitDocument(text, banners);

    expect(doc.blocks.map((b) => [b.bannerTool, b.line, b.lines.length])).toEqual([
      [null, 1, 1],
      ['top', 2, 4],
      ['json', 6, 3],
    ]);
  });

  it('handles CRLF line endings and an empty document', () => {
    expect(splitDocument('==> uptime <==\r\nx\r\n', banners).blocks[0]?.lines).toEqual(['x']);
    expect(splitDocument('', banners)).toEqual({ metadata: {}, blocks: [], notes: [] });
  });

  it('keeps a `date` line with the output a banner starts just below it', () => {
    // Prepare: `date; top -b -n 1` pasted bare, after a line of prose.
    const text = ['what I saw:', 'Mon Oct  5 10:00:01 UTC 2020', 'top - 10:00:01 up 3 days'].join(
      '\n',
    );
    // A line that only looks like a date stays where it was.
    const prose = ['Mon Oct  5 was when it began', 'top - 10:00:01 up 3 days'].join('\n');

    // Act
    const doc = splitDocument(text, banners);
    const other = splitDocument(prose, banners);

    // Assess
    expect(doc.blocks.map((b) => b.lines)).toEqual([
      ['what I saw:'],
      ['Mon Oct  5 10:00:01 UTC 2020', 'top - 10:00:01 up 3 days'],
    ]);
    expect(other.blocks.map((b) => b.lines)).toEqual([
      ['Mon Oct  5 was when it began'],
      ['top - 10:00:01 up 3 days'],
    ]);
  });
});
