import { PARENT_PID_ENV, SCENARIO_DIR_ENV, startProgram } from './program.js';
import type { Scenario } from './types.js';

/**
 * Perl, not Node: Node's `fs.readSync` turns each EAGAIN into a thrown Error costing ~10 µs of
 * user time against ~0.5 µs in the kernel, so a Node loop measured 6–10 % kernel here (a
 * runaway, not a storm). `sysread` returns undef instead, so the loop is all syscalls:
 * 0.4–1.1 million failing reads/s and 45–60 % of its CPU in the kernel on this box.
 *
 * fd 0 is the socket the CLI holds open and never writes to: empty forever, and at EOF the
 * moment the CLI is gone, which ends the loop (the `getppid` check covers a leaked fd).
 */
const SOURCE = `use strict;
use warnings;
use Errno qw(EAGAIN);
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);

my $parent = $ENV{${PARENT_PID_ENV}} // 0;
my $dir = $ENV{${SCENARIO_DIR_ENV}};
my $flags = fcntl(STDIN, F_GETFL, 0) or die "fcntl F_GETFL: $!";
fcntl(STDIN, F_SETFL, $flags | O_NONBLOCK) or die "fcntl F_SETFL: $!";
$| = 1;
print "ready\\n";

my ($buf, $n) = ('', 0);
while (1) {
  my $got = sysread(STDIN, $buf, 4096);
  last if defined $got && $got == 0;
  die "read: $!" if !defined $got && $! != EAGAIN;
  last if (++$n & 0x3ffff) == 0 && $parent && getppid() != $parent;
}
# Only reached when the parent is gone: clean up after ourselves.
if (defined $dir) { unlink glob("$dir/*"); rmdir $dir; }
`;

const REQUIRES = ['perl'];

export const eagainLoop: Scenario = {
  id: 'eagain-loop',
  title: 'EAGAIN loop (busy-wait on a non-blocking read)',
  expectedCause: 'syscall-storm',
  explains:
    "A process re-reading an empty non-blocking socket in a tight loop: hundreds of thousands of read() calls a second failing with EAGAIN and most of its CPU in the kernel, the busy-wait kind of syscall-storm (seed 000's strace -c counted 633,476 failing writes beside its signals).",
  requires: REQUIRES,
  settleMs: 1_000,
  start: (options) =>
    startProgram(
      {
        scenarioId: 'eagain-loop',
        requires: REQUIRES,
        files: { 'eagain-loop.pl': SOURCE },
        command: 'perl',
        args: (dir) => [`${dir}/eagain-loop.pl`],
      },
      options,
    ),
};
