import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KernelInfo, unameParser } from '../../../functions/core/parsers/uname.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): KernelInfo => {
  const { command, text } = loadBlockFixture(`captures/uname/${name}`);
  const result = unameParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('unameParser', () => {
  it('reads uname -a on Amazon Linux 2023 (aarch64)', () => {
    // Act
    const info = parseFixture('al2023-aarch64.txt');

    // Assess
    expect(info).toEqual({
      kernelName: 'Linux',
      hostname: 'ip-172-31-36-169.ec2.internal',
      kernelRelease: '6.1.170-213.321.amzn2023.aarch64',
      kernelMajor: 6,
      kernelMinor: 1,
      kernelVersion: '#1 SMP Thu May 14 12:18:13 UTC 2026',
      machine: 'aarch64',
      distro: 'amazon-linux-2023',
      awsKernel: true,
    });
  });

  it('reads Amazon Linux 2 (4.14) and AL2023 on kernel 6.18', () => {
    expect(parseFixture('al2-4.14.txt')).toMatchObject({
      kernelRelease: '4.14.177-139.254.amzn2.x86_64',
      kernelMajor: 4,
      kernelMinor: 14,
      machine: 'x86_64',
      distro: 'amazon-linux-2',
      awsKernel: true,
    });
    expect(parseFixture('al2023-x86_64-6.18.txt')).toMatchObject({
      kernelMajor: 6,
      kernelMinor: 18,
      kernelVersion: '#2 SMP PREEMPT_DYNAMIC Thu Jul 9 21:06:10 UTC 2026',
      machine: 'x86_64',
      distro: 'amazon-linux-2023',
    });
  });

  it('reads uname -srm', () => {
    expect(parseFixture('al2023-srm.txt')).toEqual({
      kernelName: 'Linux',
      kernelRelease: '6.1.66-91.160.amzn2023.x86_64',
      kernelMajor: 6,
      kernelMinor: 1,
      machine: 'x86_64',
      distro: 'amazon-linux-2023',
      awsKernel: true,
    });
  });

  it('tells Ubuntu -aws kernels and the release they were backported to', () => {
    expect(parseFixture('ubuntu2004-aws-aarch64.txt')).toMatchObject({
      kernelRelease: '5.15.0-1055-aws',
      machine: 'aarch64',
      distro: 'ubuntu',
      distroRelease: '20.04',
      awsKernel: true,
    });
    expect(parseFixture('ubuntu2404-aws.txt')).toMatchObject({
      kernelMajor: 6,
      kernelMinor: 17,
      distroRelease: '24.04',
    });
  });

  it('reads CentOS 7 as rhel and leaves an unknown custom kernel without a distro', () => {
    expect(parseFixture('centos7-3.10.txt')).toMatchObject({
      kernelMajor: 3,
      kernelMinor: 10,
      distro: 'rhel',
    });
    expect(parseFixture('debian12-a.txt')).toEqual({
      kernelName: 'Linux',
      hostname: 'vm',
      kernelRelease: '6.18.44-fc-v769',
      kernelMajor: 6,
      kernelMinor: 18,
      kernelVersion: '#1 SMP PREEMPT_DYNAMIC @0',
      machine: 'x86_64',
      awsKernel: false,
    });
  });

  it('reads uname -r alone, taking the machine from an Amazon release', () => {
    expect(parseFixture('debian12-r.txt')).toEqual({
      kernelRelease: '6.18.44-fc-v769',
      kernelMajor: 6,
      kernelMinor: 18,
      awsKernel: false,
    });
    const amzn = unameParser.parse('5.10.198-187.748.amzn2.aarch64\r\n', 'uname -r');
    expect(amzn.ok && amzn.data).toMatchObject({ machine: 'aarch64', distro: 'amazon-linux-2' });
  });

  it('reads /proc/version and skips a pasted prompt', () => {
    const proc = unameParser.parse(
      'Linux version 5.10.157-139.675.amzn2.x86_64 (mockbuild@ip-10-0-1-1) (gcc 7.3.1) #1 SMP Tue Jan 3 2023',
      'cat /proc/version',
    );
    const prompted = unameParser.parse(
      '[ec2-user@ip-172-31-32-188 ~]$ uname -a\nLinux ip-172-31-32-188 4.14.177-139.254.amzn2.x86_64 #1 SMP Thu May 7 18:48:23 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux',
      null,
    );

    expect(proc.ok && proc.data).toMatchObject({
      kernelRelease: '5.10.157-139.675.amzn2.x86_64',
      kernelVersion: '(mockbuild@ip-10-0-1-1) (gcc 7.3.1) #1 SMP Tue Jan 3 2023',
      machine: 'x86_64',
    });
    expect(prompted.ok && prompted.data.hostname).toBe('ip-172-31-32-188');
  });

  it('does not take a hostname that looks like a version for the release', () => {
    const result = unameParser.parse(
      'Linux 10.0.0.5 6.1.0-13-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 x86_64 GNU/Linux',
      null,
    );

    expect(result.ok && result.data).toMatchObject({
      hostname: '10.0.0.5',
      kernelRelease: '6.1.0-13-cloud-amd64',
      distro: 'debian',
    });
  });

  it('fails on empty text, garbage and uname -m alone', () => {
    for (const [text, command] of [
      ['', 'uname -r'],
      ['x86_64', 'uname -m'],
      ['bash: uname: command not found', null],
      ['0.52 0.58 0.59', null],
    ] as const) {
      expect(unameParser.parse(text, command).ok, text).toBe(false);
    }
  });

  it('matches uname and /proc/version, and recognises uname -a without a header', () => {
    expect(unameParser.matchCommand('uname -r')).toBe(true);
    expect(unameParser.matchCommand('cat /proc/version')).toBe(true);
    expect(unameParser.matchCommand('unamex')).toBe(false);
    expect(
      unameParser.banner?.test(
        'Linux vm 6.18.44-fc-v769 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux',
      ),
    ).toBe(true);
    expect(unameParser.banner?.test('[    0.000000] Linux version 6.18.44')).toBe(false);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      'Linux',
      '6.1.0-13',
      '#1 SMP',
      'x86_64',
      'unknown',
      'GNU/Linux',
      ' ',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 20 }), (parts) => {
        const result = unameParser.parse(parts.join(' '), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('stays linear on a long line', () => {
    expect(() =>
      unameParser.parse(`Linux h 6.1.0${'-a'.repeat(200_000)} ${'x86_64 '.repeat(50_000)}`, null),
    ).not.toThrow();
    expect(() => unameParser.banner?.test(`Linux ${'a'.repeat(200_000)}`)).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
