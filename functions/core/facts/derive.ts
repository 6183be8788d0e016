import { blocksOf, type Capture } from '../capture/read.js';
import { deriveChanges } from './changes.js';
import { deriveCpu } from './cpu.js';
import { deriveInstance, deriveMetrics } from './instance.js';
import { deriveIo } from './io.js';
import { deriveJit } from './jit.js';
import { deriveKernelEvents, deriveMemory } from './memory.js';
import { deriveProcesses, deriveThreads, partialListing } from './processes.js';
import { deriveProfile } from './profile.js';
import { deriveAgents, deriveRuntimes } from './runtime.js';
import { sourceOf } from './source.js';
import { deriveSyscallLoop } from './syscall-loop.js';
import { deriveSyscallRates } from './syscall-rates.js';
import { deriveSignals, deriveSyscalls } from './syscalls.js';
import { deriveLookedUpThreads } from './thread-lookup.js';
import type { Facts, LoadFacts } from './types.js';

/** What a person or the Lambda states about the host, beyond the capture text. */
export interface FactOptions {
  instanceType?: string;
  creditMode?: 'standard' | 'unlimited';
  /** The time to judge ages against when the capture has no `captured-at` (ISO 8601). */
  now?: string;
  /** When the alarm fired (ISO 8601): what changed is judged before it. */
  alarmAt?: string;
}

const deriveLoad = (capture: Capture): LoadFacts | undefined => {
  const loadavg = blocksOf(capture, 'loadavg').at(-1);
  if (loadavg) return { ...loadavg.data, source: sourceOf(loadavg) };
  const uptime = blocksOf(capture, 'uptime').at(-1);
  if (uptime?.data.load1 !== undefined) {
    return {
      load1: uptime.data.load1,
      load5: uptime.data.load5 ?? 0,
      load15: uptime.data.load15 ?? 0,
      source: sourceOf(uptime),
    };
  }
  const top = blocksOf(capture, 'top').at(-1);
  const frame = top?.data.frames.at(-1);
  if (top && frame?.load1 != null) {
    return {
      load1: frame.load1,
      load5: frame.load5 ?? 0,
      load15: frame.load15 ?? 0,
      source: sourceOf(top),
    };
  }
  const htop = blocksOf(capture, 'htop').at(-1);
  if (htop && htop.data.load1 !== null) {
    return {
      load1: htop.data.load1,
      load5: htop.data.load5 ?? 0,
      load15: htop.data.load15 ?? 0,
      source: sourceOf(htop),
    };
  }
  return undefined;
};

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

const positive = (s: string | undefined): number | undefined => {
  const n = Number(s);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** Derives every fact the rules read from the blocks a capture has. Pure. */
export const deriveFacts = (capture: Capture, options: FactOptions = {}): Facts => {
  const meta = capture.metadata;
  const clkTck = positive(meta['clk-tck']) ?? 100;
  const { cpu, conflicts } = deriveCpu(capture);
  const processes = deriveProcesses(capture, clkTck, positive(meta['capture-pid']));
  const threads = deriveThreads(capture);
  const at = meta['captured-at'] ?? options.now;
  const instance = deriveInstance(capture, {
    ...(options.instanceType ? { instanceType: options.instanceType } : {}),
    ...(options.creditMode ? { creditMode: options.creditMode } : {}),
    ...(at ? { at } : {}),
  });
  const { credits, memoryTrend } = deriveMetrics(capture);
  const alarmAt = options.alarmAt ?? meta['alarm-at'];
  const changes = deriveChanges(capture, {
    alarmKnown: alarmAt !== undefined,
    processes,
    ...((alarmAt ?? at) ? { reference: alarmAt ?? at } : {}),
    ...(at ? { capturedAt: at } : {}),
    ...(instance ? { instance } : {}),
  });
  const htop = blocksOf(capture, 'htop').at(-1)?.data;
  const uptime =
    blocksOf(capture, 'uptime').at(-1)?.data.uptimeSeconds ?? htop?.uptimeSeconds ?? undefined;
  const cpus =
    positive(meta.cpus) ??
    (blocksOf(capture, 'top').at(-1)?.data.frames.at(-1)?.perCpu.length ||
      htop?.cpus.filter((c) => /^\d+$/.test(c.label)).length);
  const facts: Facts = {
    processes,
    threads,
    kernelEvents: deriveKernelEvents(capture),
    runtimes: deriveRuntimes(capture, processes, threads),
    agents: deriveAgents(processes),
    notes: capture.notes,
    conflicts,
  };
  const optional: Partial<Facts> = {
    partialProcessList: partialListing(capture),
    focusPid: meta['target-chosen-by'] === '--pid' ? positive(meta['target-pid']) : undefined,
    host: meta.host,
    capturedAt: at,
    alarmAt,
    cpus: cpus || undefined,
    uptimeSeconds: uptime,
    kernelRelease: blocksOf(capture, 'uname').at(-1)?.data.kernelRelease,
    load: deriveLoad(capture),
    cpu,
    syscalls: deriveSyscalls(capture),
    syscallLoop: deriveSyscallLoop(capture),
    signals: deriveSignals(capture),
    syscallRates: deriveSyscallRates(capture),
    memory: deriveMemory(capture),
    io: deriveIo(capture, processes),
    instance,
    credits,
    memoryTrend,
    jit: deriveJit(capture),
    perf: deriveProfile(capture),
    lookedUpThreads: nonEmpty(deriveLookedUpThreads(capture)),
    changes: nonEmpty(changes),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (facts as unknown as Record<string, unknown>)[key] = value;
  }
  return facts;
};
