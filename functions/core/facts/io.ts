import { blocksOf, type Capture } from '../capture/read.js';
import { sourceOf } from './source.js';
import type { IoFacts, ProcessFacts } from './types.js';

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
  if (!report && !psiBlock && uninterruptible.length === 0) return undefined;
  const psi = psiBlock?.data.io;
  return {
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
    source: iostat ? sourceOf(iostat) : psiBlock ? sourceOf(psiBlock) : 'ps / top process states',
  };
};
