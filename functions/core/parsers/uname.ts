import { fields, lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/** The distribution a kernel release was built for, when its name says so. */
export type KernelDistro =
  | 'amazon-linux-1'
  | 'amazon-linux-2'
  | 'amazon-linux-2023'
  | 'ubuntu'
  | 'debian'
  | 'rhel';

/**
 * `uname -r` / `-a` / `-srm`, and `cat /proc/version`:
 * `Linux ip-172-31-0-84 5.10.198-187.748.amzn2.aarch64 #1 SMP … aarch64 aarch64 aarch64 GNU/Linux`.
 */
export interface KernelInfo {
  /** `Linux`, when printed (`-s`, `-a`). */
  kernelName?: string;
  /** `-n`, as printed by `-a`. */
  hostname?: string;
  /** `5.10.198-187.748.amzn2.aarch64`. */
  kernelRelease: string;
  kernelMajor: number;
  kernelMinor: number;
  /** `#1 SMP PREEMPT_DYNAMIC Thu Jul 9 21:06:10 UTC 2026` (runs of spaces collapsed). */
  kernelVersion?: string;
  /** `x86_64`, `aarch64`: from the `-m` field, or from the release of kernels that end with it (`.amzn2.x86_64`). */
  machine?: string;
  distro?: KernelDistro;
  /** The Ubuntu release of a backported kernel: `20.04` from `#60~20.04.1-Ubuntu`. */
  distroRelease?: string;
  /** A kernel built for EC2: Amazon Linux's, or Ubuntu's `-aws` flavour. */
  awsKernel: boolean;
}

const RELEASE = /^(\d+)\.(\d+)\.\d+(?:[.\-+~_][\w.\-+~]*)?$/;
const ARCHES = new Set([
  'x86_64',
  'aarch64',
  'arm64',
  'i386',
  'i686',
  'armv6l',
  'armv7l',
  'ppc64',
  'ppc64le',
  's390x',
  'riscv64',
  'mips64',
]);

const distroOf = (
  release: string,
  version: string,
): Pick<KernelInfo, 'distro' | 'distroRelease' | 'awsKernel'> => {
  const ubuntuRelease = /~(\d{2}\.\d{2})(?:\.\d+)?-Ubuntu\b/.exec(version)?.[1];
  const withUbuntuRelease = ubuntuRelease === undefined ? {} : { distroRelease: ubuntuRelease };
  if (/\.amzn2023\./.test(release)) return { distro: 'amazon-linux-2023', awsKernel: true };
  if (/\.amzn2\./.test(release)) return { distro: 'amazon-linux-2', awsKernel: true };
  if (/\.amzn1\./.test(release)) return { distro: 'amazon-linux-1', awsKernel: true };
  if (/-aws$/.test(release)) return { distro: 'ubuntu', ...withUbuntuRelease, awsKernel: true };
  if (/-Ubuntu\b/.test(version) || /-(?:generic|lowlatency|azure|gcp|oracle|kvm)$/.test(release)) {
    return { distro: 'ubuntu', ...withUbuntuRelease, awsKernel: false };
  }
  if (/\.el\d+/.test(release)) return { distro: 'rhel', awsKernel: false };
  if (/\bDebian\b/.test(version) || /-(?:cloud-)?(?:amd64|arm64)$/.test(release)) {
    return { distro: 'debian', awsKernel: false };
  }
  return { awsKernel: false };
};

/** Reads one line of uname (or /proc/version) output; undefined when it holds no release. */
const readLine = (line: string): KernelInfo | undefined => {
  const procVersion = /^Linux version (\S+)(.*)$/.exec(line.trim());
  const f = procVersion ? ['Linux', procVersion[1] ?? ''] : fields(line);
  let r = -1;
  if (f[0] === 'Linux') {
    // `-srm` gives `Linux 6.1.0 x86_64`; `-a` gives `Linux host 6.1.0 #1 …`. A hostname can
    // look like a release (`10.0.0.5`), so prefer the third field when a version follows it.
    const second = RELEASE.test(f[1] ?? '');
    const third = RELEASE.test(f[2] ?? '');
    if (third && ((f[3] ?? '').startsWith('#') || !second)) r = 2;
    else if (second) r = 1;
  } else if (f.length <= 3 && RELEASE.test(f[0] ?? '')) {
    r = 0; // `uname -r`, `uname -rm`
  }
  const release = f[r];
  const m = RELEASE.exec(release ?? '');
  if (release === undefined || !m) return undefined;

  // Trailing fields of `-a`: machine, processor, hardware platform (omitted when `unknown`
  // on some distributions), then the operating system.
  const rest = f.slice(r + 1);
  let end = rest.length;
  if (rest[end - 1] === 'GNU/Linux') end--;
  let machine: string | undefined;
  let tail = end;
  while (
    tail > 0 &&
    end - tail < 3 &&
    (ARCHES.has(rest[tail - 1] ?? '') || rest[tail - 1] === 'unknown')
  ) {
    tail--;
    if (ARCHES.has(rest[tail] ?? '')) machine = rest[tail];
  }
  const version = procVersion ? (procVersion[2] ?? '').trim() : rest.slice(0, tail).join(' ');
  machine ??= /\.(x86_64|aarch64|i686)$/.exec(release)?.[1];

  return {
    ...(r >= 1 ? { kernelName: 'Linux' } : {}),
    ...(r === 2 ? { hostname: f[1] } : {}),
    kernelRelease: release,
    kernelMajor: Number(m[1]),
    kernelMinor: Number(m[2]),
    ...(version === '' ? {} : { kernelVersion: version }),
    ...(machine === undefined ? {} : { machine }),
    ...distroOf(release, version),
  };
};

export const unameParser: ToolParser<KernelInfo> = {
  tool: 'uname',
  matchCommand: (command) => /^(?:uname\b|cat\s+\/proc\/version\b)/.test(command),
  banner: /^Linux (?:\S+ \d+\.\d+\.\d+\S* #\d+|version \d+\.\d+)/,
  parse(text) {
    for (const line of lines(text)) {
      const info = readLine(line);
      if (info) return ok(info);
    }
    return fail('no kernel release like "5.10.198-187.748.amzn2.x86_64" found');
  },
  summarize: (d) =>
    [d.kernelRelease, d.machine, d.distro, d.awsKernel ? 'AWS kernel' : undefined]
      .filter(Boolean)
      .join(', '),
};
