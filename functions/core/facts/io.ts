import { blocksOf, type Capture } from '../capture/read.js';
import { sourceOf } from './source.js';
import type { IoFacts, IoTaskFacts, ProcessFacts } from './types.js';

type IotopFacts = Pick<IoFacts, 'diskReadKiBPerSecond' | 'diskWriteKiBPerSecond' | 'ioTasks'>;

/** iotop's last sample: the disk rates and the tasks doing IO, most time waiting on IO first. */
const fromIotop = (capture: Capture): { facts: IotopFacts; source: string } | undefined => {
  const block = blocksOf(capture, 'iotop').at(-1);
  const sample = block?.data.samples.at(-1);
  if (!block || !sample) return undefined;
  const source = sourceOf(block);
  const facts: IotopFacts = {};
  if (sample.perSecond) {
    const read = sample.actualReadKiB ?? sample.totalReadKiB;
    const write = sample.actualWriteKiB ?? sample.totalWriteKiB;
    if (read !== undefined) facts.diskReadKiBPerSecond = read;
    if (write !== undefined) facts.diskWriteKiBPerSecond = write;
  }
  const tasks = sample.rows
    .filter((r) => (r.ioPercent ?? 0) > 0 || r.readKiB > 0 || r.writeKiB > 0)
    .map(
      (r): IoTaskFacts => ({
        id: r.id,
        thread: block.data.threads,
        name: r.command,
        ...(r.ioPercent !== undefined ? { ioPercent: r.ioPercent } : {}),
        ...(sample.perSecond ? { readKiBPerSecond: r.readKiB, writeKiBPerSecond: r.writeKiB } : {}),
        source,
      }),
    )
    .sort((a, b) => (b.ioPercent ?? 0) - (a.ioPercent ?? 0));
  if (tasks.length > 0) facts.ioTasks = tasks;
  return { facts, source };
};

export const deriveIo = (capture: Capture, processes: ProcessFacts[]): IoFacts | undefined => {
  const iostat = blocksOf(capture, 'iostat').at(-1);
  const report =
    iostat?.data.reports.filter((r) => !r.sinceBoot).at(-1) ?? iostat?.data.reports.at(-1);
  const psiBlock = blocksOf(capture, 'pressure')
    .filter((b) => b.data.io !== undefined)
    .at(-1);
  const uninterruptible = processes
    .filter((p) => p.state?.startsWith('D'))
    .map((p) => ({ pid: p.pid, name: p.name }));
  const iotop = fromIotop(capture);
  if (!report && !psiBlock && uninterruptible.length === 0 && !iotop) return undefined;
  const psi = psiBlock?.data.io;
  return {
    ...iotop?.facts,
    ...(psi?.some ? { pressureSome10: psi.some.avg10 } : {}),
    ...(psi?.full ? { pressureFull10: psi.full.avg10 } : {}),
    uninterruptible,
    disks: (report?.devices ?? []).map((d) => ({
      device: d.device,
      ...(d.utilPercent !== undefined ? { utilPercent: d.utilPercent } : {}),
      ...(d.awaitMs !== undefined
        ? { awaitMs: d.awaitMs }
        : d.readAwaitMs !== undefined || d.writeAwaitMs !== undefined
          ? { awaitMs: Math.max(d.readAwaitMs ?? 0, d.writeAwaitMs ?? 0) }
          : {}),
      ...(d.readAwaitMs !== undefined ? { readAwaitMs: d.readAwaitMs } : {}),
      ...(d.writeAwaitMs !== undefined ? { writeAwaitMs: d.writeAwaitMs } : {}),
      ...(d.queueSize !== undefined ? { queueSize: d.queueSize } : {}),
    })),
    source: iostat
      ? sourceOf(iostat)
      : psiBlock
        ? sourceOf(psiBlock)
        : (iotop?.source ?? 'ps / top process states'),
  };
};
