import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSignalMask,
  type ProcessStatus,
  procStatusParser,
  signalName,
} from '../../../functions/core/parsers/proc-status.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): ProcessStatus => {
  const { command, text } = loadBlockFixture(`captures/proc-status/${name}.txt`);
  const result = procStatusParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('procStatusParser', () => {
  it('reads a whole status file and decodes its signal masks into names', () => {
    // Act
    const data = parseFixture('debian12-python-sigprof-handler');

    // Assess
    expect(data).toMatchObject({
      pid: 8493,
      name: 'my (odd) worker',
      state: 'S',
      stateName: 'sleeping',
      tgid: 8493,
      ppid: 1,
      uid: 0,
      threads: 2,
      fdSize: 256,
      vmPeakKiB: 155832,
      vmSizeKiB: 90312,
      vmHwmKiB: 13680,
      vmRssKiB: 13680,
      rssAnonKiB: 6956,
      rssFileKiB: 6724,
      rssShmemKiB: 0,
      vmDataKiB: 16284,
      vmSwapKiB: 0,
      voluntaryCtxtSwitches: 26,
      nonvoluntaryCtxtSwitches: 497,
      signalQueue: { queued: 2, limit: 96365 },
      pendingSignals: [],
      blockedSignals: [],
    });
    // SigCgt 0000000106000000: bits 25, 26 and 32.
    expect(data.caughtSignals).toEqual(['SIGVTALRM', 'SIGPROF', 'SIG33']);
    // SigIgn 0000000001001006
    expect(data.ignoredSignals).toEqual(['SIGINT', 'SIGQUIT', 'SIGPIPE', 'SIGXFSZ']);
    expect(data.fields.Cpus_allowed_list).toBe('0-1');
  });

  it('reads the selected lines the capture script takes, with the pid from the path', () => {
    const data = parseFixture('debian12-node-selected');

    expect(data).toMatchObject({
      pid: 8304,
      name: 'node',
      state: 'R',
      threads: 8,
      vmRssKiB: 160448,
      vmHwmKiB: 160448,
      vmSwapKiB: 0,
      voluntaryCtxtSwitches: 42547,
      nonvoluntaryCtxtSwitches: 1684724,
    });
    // SigCgt 0000000104004602: node's own handlers and the V8 sampler's SIGPROF.
    expect(data.caughtSignals).toEqual([
      'SIGINT',
      'SIGUSR1',
      'SIGSEGV',
      'SIGTERM',
      'SIGPROF',
      'SIG33',
    ]);
    // Caught in the act: a SIGPROF was pending when the file was read.
    expect(data.pendingSignals).toEqual(['SIGPROF']);
    expect(data.tgid).toBeUndefined();
  });

  it('reads the same lines with tabs collapsed and CRLF line ends', () => {
    const collapsed = parseFixture('debian12-node-selected-collapsed-crlf');
    const original = parseFixture('debian12-node-selected');

    expect(collapsed).toEqual(original);
  });

  it('reads a 2.6.32 kernel’s file pasted from State: on (jemalloc#1532)', () => {
    const data = parseFixture('rhel6-jemalloc-1532');

    expect(data.name).toBeUndefined();
    expect(data.pid).toBe(7725);
    expect(data.uid).toBe(500);
    expect(data.vmRssKiB).toBe(3_183_564);
    expect(data.vmHwmKiB).toBe(3_393_340);
    expect(data.rssAnonKiB).toBeUndefined();
    expect(data.threads).toBe(12);
    expect(data.caughtSignals).toEqual(['SIGHUP', 'SIG32', 'SIG33']);
    expect(data.ignoredSignals).toEqual(['SIGPIPE']);
  });

  it('decodes a JVM’s SigCgt, which has no SIGPROF (tsar#41)', () => {
    const data = parseFixture('openvz-java-tsar-41');

    expect(data).toMatchObject({ pid: 704_082, name: 'java', threads: 33, vmRssKiB: 142_048 });
    expect(data.caughtSignals).toEqual([
      'SIGHUP',
      'SIGINT',
      'SIGQUIT',
      'SIGILL',
      'SIGBUS',
      'SIGFPE',
      'SIGSEGV',
      'SIGUSR2',
      'SIGPIPE',
      'SIGTERM',
      'SIGXFSZ',
      'SIG32',
      'SIG33',
      'SIGRTMAX-2',
    ]);
    expect(data.fields.envID).toBe('1'); // OpenVZ's own lines are kept as printed
  });

  it('reads a file cut off in the middle of a line (process-exporter#51)', () => {
    const data = parseFixture('debian-testing-process-exporter-51-cut');

    expect(data).toMatchObject({ pid: 188, name: 'bash', vmRssKiB: 3720, rssAnonKiB: 608 });
    expect(data.blockedSignals).toEqual(['SIGCHLD', 'SIGWINCH']);
    expect(data.caughtSignals).toBeUndefined();
  });

  it('decodes masks bit n-1 for signal n', () => {
    expect(decodeSignalMask('0000000004000000')).toEqual(['SIGPROF']);
    expect(decodeSignalMask('0000000002000000')).toEqual(['SIGVTALRM']);
    expect(decodeSignalMask('0000000000002000')).toEqual(['SIGALRM']);
    expect(decodeSignalMask('0000000000000400')).toEqual(['SIGSEGV']);
    expect(decodeSignalMask('0000000200000000')).toEqual(['SIGRTMIN']);
    expect(decodeSignalMask('8000000000000000')).toEqual(['SIGRTMAX']);
    expect(decodeSignalMask('0x1')).toEqual(['SIGHUP']);
    expect(decodeSignalMask('0000000000000000')).toEqual([]);
    expect(decodeSignalMask('not hex')).toBeNull();
    expect(signalName(35)).toBe('SIGRTMIN+1');
    expect(signalName(63)).toBe('SIGRTMAX-1');
  });

  it('says what it expected when the text is not a status file', () => {
    const outputs = [
      '',
      'cat: /proc/2872/status: No such file or directory',
      'Name: Jane Doe\nAge: 42',
      'MemTotal:        3903584 kB\nMemFree:          180148 kB',
    ];
    for (const text of outputs) expect(procStatusParser.parse(text, null).ok).toBe(false);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.string()), (text, command) => {
        procStatusParser.parse(text, command);
        procStatusParser.parse(`Name:\t${text}\nState:\t${text}\nSigCgt:\t${text}`, command);
      }),
    );
  });

  it('takes status files, whole or grepped, and nothing else', () => {
    for (const c of [
      'cat /proc/2872/status',
      'cat /proc/self/status',
      "grep -E 'Threads|VmRSS|SigCgt' /proc/2872/status",
      'cat /proc/2872/task/2873/status',
      'cat /proc/$PID/status',
    ]) {
      expect(procStatusParser.matchCommand(c)).toBe(true);
    }
    for (const c of ['cat /proc/2872/stat', 'cat /proc/meminfo', 'systemctl status nginx']) {
      expect(procStatusParser.matchCommand(c)).toBe(false);
    }
  });

  it('uses the Name: line as its banner', () => {
    const banner = procStatusParser.banner as RegExp;

    expect(banner.test('Name:\tnode')).toBe(true);
    expect(banner.test('Name:   java')).toBe(true);
    expect(banner.test('MemTotal:        3903584 kB')).toBe(false);
  });
});
