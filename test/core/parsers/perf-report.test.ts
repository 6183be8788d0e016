import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PerfProfile, perfReportParser } from '../../../functions/core/parsers/perf-report.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): PerfProfile => {
  const { command, text } = loadBlockFixture(`captures/perf-report/${name}`);
  const result = perfReportParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('perfReportParser', () => {
  describe('seed 000 (arm64 Beanstalk, Datadog SIGPROF storm)', () => {
    it('reads the sick instance as pasted: cycles, 522K samples, kernel rows first', () => {
      // Act
      const profile = parseFixture('seed-000-sick-tui.txt');

      // Assess
      expect(profile.event).toBe('cycles');
      expect(profile.sampleCount).toBe(522_000);
      expect(profile.rows).toHaveLength(7);
      expect(profile.rows[0]).toEqual({
        overheadPercent: 6.01,
        command: 'node-20',
        object: '[kernel.kallsyms]',
        kernel: true,
        symbol: 'e',
      });
      expect(profile.rows[3]).toMatchObject({ object: 'libnode.so.115', kernel: false });
      expect(profile.kernelPercent).toBe(14.29);
      expect(profile.listedPercent).toBe(15.98);
    });

    it('names el0_svc_common, setup_sigframe and force_sig_info_to_task as the top symbols', () => {
      // Act
      const profile = parseFixture('seed-000-sick-symbols.txt');

      // Assess
      expect(profile.rows.slice(0, 3)).toEqual([
        expect.objectContaining({ symbol: 'el0_svc_common.constprop.0', overheadPercent: 6.01 }),
        expect.objectContaining({ symbol: 'setup_sigframe', overheadPercent: 2.04 }),
        expect.objectContaining({ symbol: 'force_sig_info_to_task', overheadPercent: 1.9 }),
      ]);
      expect(profile.rows.slice(0, 3).every((row) => row.kernel)).toBe(true);
      // The `...` lines the author left in are not rows.
      expect(profile.rows.map((row) => row.symbol)).toEqual([
        'el0_svc_common.constprop.0',
        'setup_sigframe',
        'force_sig_info_to_task',
        'v...',
        'el0_da',
        'page_remove_rmap',
      ]);
      expect(profile.sampleCount).toBeUndefined();
      expect(perfReportParser.summarize(profile)).toContain('el0_svc_common.constprop.0 6.01% [k]');
    });

    it('shows no kernel share on the healthy instance of the same environment', () => {
      const profile = parseFixture('seed-000-healthy-tui.txt');

      expect(profile.sampleCount).toBe(364_000);
      expect(profile.kernelPercent).toBe(0);
      expect(profile.rows[1]).toEqual({
        overheadPercent: 2.04,
        command: 'tokio-runtime-w',
        object: 'libc.so.6',
        kernel: false,
        symbol: '_',
      });
    });
  });

  describe('perf on this machine (x86_64)', () => {
    it('reads the children layout and skips the call-graph lines', () => {
      // Act
      const profile = parseFixture('this-machine-children-callgraph.txt');

      // Assess
      expect(profile.event).toBe('cpu-clock:ppp');
      expect(profile.sampleCount).toBe(2000);
      expect(profile.rows).toHaveLength(16);
      expect(profile.rows.every((row) => row.childrenPercent !== undefined)).toBe(true);
      expect(profile.rows[2]).toEqual({
        overheadPercent: 10.96,
        childrenPercent: 55.29,
        command: 'python3',
        object: '[kernel.kallsyms]',
        kernel: true,
        symbol: 'do_syscall_64',
      });
      // Ranked by self time, not by the children column perf sorts on.
      expect(perfReportParser.summarize(profile)).toContain('top do_syscall_64 10.96% [k]');
    });

    it('reads `--no-children -g none --sort comm,dso,sym`', () => {
      const profile = parseFixture('this-machine-no-children-sorted.txt');

      expect(profile.rows).toHaveLength(41);
      expect(profile.rows[0]).toEqual({
        overheadPercent: 10.96,
        command: 'python3',
        object: '[kernel.kallsyms]',
        kernel: true,
        symbol: 'do_syscall_64',
      });
      expect(profile.rows.at(-1)).toMatchObject({
        symbol: '_PyObject_Free',
        overheadPercent: 0.53,
      });
      expect(profile.kernelPercent).toBe(52.99);
      expect(profile.listedPercent).toBe(88.39);
    });

    it('keeps spaces inside the Command and Shared Object columns', () => {
      const profile = parseFixture('this-machine-system-wide-spaces.txt');

      expect(profile.sampleCount).toBe(5000);
      expect(profile.rows[0]).toEqual({
        overheadPercent: 18.04,
        command: 'C2 CompilerThre',
        object: 'libpython3.11.so.1.0',
        kernel: false,
        symbol: '_PyEval_EvalFrameDefault',
      });
      expect(profile.rows[1]).toEqual({
        overheadPercent: 8.41,
        command: 'node',
        object: '[JIT] tid 9537',
        kernel: false,
        symbol: '0x00007fcb337472fd',
      });
    });

    it('reads the last full frame of `perf top --stdio` and its own kernel figure', () => {
      const profile = parseFixture('this-machine-perf-top.txt');

      expect(profile.source).toBe('top');
      expect(profile.event).toBe('cpu-clock:ppp');
      expect(profile.topKernelPercent).toBe(26.5);
      expect(profile.rows).toHaveLength(15);
      expect(profile.rows[3]).toEqual({
        overheadPercent: 8.03,
        object: '[kernel]',
        kernel: true,
        symbol: 'do_syscall_64',
      });
    });

    it('reads the first event of a two-event recording and names the other', () => {
      const profile = parseFixture('this-machine-two-events.txt');

      expect(profile.event).toBe('cpu-clock');
      expect(profile.sampleCount).toBe(714);
      expect(profile.rows.map((row) => row.symbol)).toEqual([
        '_PyObject_Malloc',
        '_PyObject_Free',
        'clear_page_erms',
      ]);
      expect(profile.otherEvents).toEqual(['page-faults']);
    });
  });

  it('reads a pasted x86 `perf top` (LACT #831: a daemon spinning on pipe reads)', () => {
    const profile = parseFixture('lact-831-perf-top-syscall-loop.txt');

    expect(profile.source).toBe('top');
    expect(profile.event).toBe('cycles:P');
    expect(profile.sampleCount).toBe(47_000);
    expect(profile.rows[0]).toEqual({
      overheadPercent: 32.65,
      object: '[kernel]',
      kernel: true,
      symbol: 'entry_SYSRETQ_unsafe_stack',
    });
    expect(profile.kernelPercent).toBe(71.48);
  });

  it('reads the TUI’s children layout with its + fold markers (bpftime#186)', () => {
    const profile = parseFixture('bpftime-186-perf-top-children.txt');

    expect(profile.rows).toHaveLength(4);
    expect(profile.rows[0]).toEqual({
      overheadPercent: 0.52,
      childrenPercent: 68.52,
      object: 'libbpftime-syscall-server.so',
      kernel: false,
      symbol: 'ring_buffer__poll',
    });
    expect(profile.kernelPercent).toBe(0);
    expect(profile.sortedBy).toBeUndefined();
  });

  it('reads a profile sorted by process, without symbols (bcc#1757, perf top -s pid,cpu,comm)', () => {
    const profile = parseFixture('bcc-1757-perf-top-sort-pid-cpu-comm.txt');

    expect(profile.sortedBy).toEqual(['Pid:Command', 'CPU', 'Command']);
    expect(profile.event).toBe('cache-misses');
    expect(profile.rows.map((r) => [r.command, r.overheadPercent])).toEqual([
      ['php', 26.38],
      ['phoronix-runtes', 7.85],
      ['php', 4.52],
      ['ps', 2.03],
      ['swapper', 1.65],
    ]);
  });

  it('tells kernel rows of a profile sorted by command and object', () => {
    // Prepare: no real paste of this layout was found (and perf gets no samples in this
    // sandbox), so the rows are written here in the layout perf's column names give.
    const text = [
      '# Overhead  Command          Shared Object',
      '# ........  ...............  .................',
      '#',
      '    61.20%  node             [kernel.kallsyms]',
      '    30.10%  node             node',
    ].join('\n');

    // Act
    const result = perfReportParser.parse(text, 'perf report --stdio --sort comm,dso');

    // Assess
    expect(result.ok && result.data.sortedBy).toEqual(['Command', 'Shared Object']);
    expect(result.ok && result.data.kernelPercent).toBe(61.2);
    expect(result.ok && result.data.rows[1]).toMatchObject({ command: 'node', kernel: false });
  });

  it('recognises its banners and not other tools', () => {
    const banner = perfReportParser.banner as RegExp;
    for (const line of [
      "# Samples: 12K of event 'cpu-clock'",
      "Samples: 522K of event 'cycles', Event count (approx.): 297761191712",
      '# Overhead  Command  Shared Object  Symbol',
      '# Children      Self  Command  Shared Object         Symbol',
      '   PerfTop:    7513 irqs/sec  kernel:26.5%  exact:  0.0% lost: 0/0 drop: 0/0 [4000Hz cpu-clock:ppp],  (all, 2 CPUs)',
      '    37.21%  node     [kernel.kallsyms]  [k] el0_svc_common',
      '    68.03%     0.00%  python3  [unknown]             [k] 0000000000000000',
      '+   68.52%     0.52%  libbpftime-syscall-server.so  [.] ring_buffer__poll',
    ]) {
      expect(banner.test(line), line).toBe(true);
    }
    for (const line of [
      '% time     seconds  usecs/call     calls    errors syscall',
      'top - 02:22:21 up 4:50, 2 users, load average: 2.95, 2.78, 2.70',
      '# Total Lost Samples: 0',
      '  46.78    2.026571           1   1266953    633476 write',
    ]) {
      expect(banner.test(line), line).toBe(false);
    }
  });

  it('matches perf report and perf top commands only', () => {
    for (const command of [
      'perf report',
      'perf report --stdio --sort comm,dso,sym -g none',
      'perf --no-pager report --stdio',
      'perf top --stdio -d 2',
    ]) {
      expect(perfReportParser.matchCommand(command), command).toBe(true);
    }
    for (const command of [
      'perf record -g -o top.data -- sleep 1',
      'perf stat -a',
      'top -b -n 1',
    ]) {
      expect(perfReportParser.matchCommand(command), command).toBe(false);
    }
  });

  it('says why when the text is not a profile', () => {
    for (const text of [
      '',
      'garbage\n\u0000\u0001',
      'Error:\nThe perf.data data has no samples!',
      '{"Reservations": []}',
      '% time     seconds  usecs/call     calls    errors syscall\n 46.78    2.026571           1   1266953    633476 write',
    ]) {
      const result = perfReportParser.parse(text, 'perf report --stdio');
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/no "NN\.NN%/);
    }
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      '# Overhead  Command  Shared Object  Symbol',
      '# ........  .......  .............  ......',
      "# Samples: 3K of event 'cycles'",
      '   PerfTop:   12 irqs/sec  kernel:1.0%',
      '    12.50%  node  [kernel.kallsyms]  [k] do_syscall_64',
      '    1.0%     2.0%  [k]',
      '\u001b[H\u001b[2J',
      '            |--33.33%--handle_mm_fault',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const result = perfReportParser.parse(parts.join('\n'), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('stays linear on a long line of spaces', () => {
    // Prepare
    const text = `    1.00%${' '.repeat(200_000)}x`;

    // Act
    expect(() => perfReportParser.parse(text, null)).not.toThrow();
    expect(() => perfReportParser.banner?.test(text)).not.toThrow();

    // Assess
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
