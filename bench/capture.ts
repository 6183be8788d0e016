/**
 * What the capture script costs this machine at its default settings (the ones the Lambda
 * uses): CPU-seconds of the script and every tool it runs, and wall time. Median of 3 runs.
 */
import { readFileSync } from 'node:fs';
import { runLocalCapture } from '../functions/adapters/local/local-executor.js';
import { DEFAULT_CAPTURE_OPTIONS } from '../functions/capture-script/options.js';
import { killAll, raisePriority, startProcess, waitForExec } from '../test/helpers/processes.js';
import { ratesFor, ratesWhile } from '../test/helpers/syscall-rate.js';
import { median, round } from './timing.js';

// Read from disk: the bench runs under tsx, which cannot import a `.sh` module.
const SCRIPT = new URL('../functions/capture-script/capture.sh', import.meta.url);
const RUNS = 3;

export const benchCapture = async (): Promise<{
  captureCpuSeconds: number;
  captureWallSeconds: number;
}> => {
  const script = readFileSync(SCRIPT, 'utf8');
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await runLocalCapture(DEFAULT_CAPTURE_OPTIONS, { script });
    cpu.push(run.cpuSeconds);
    wall.push(run.wallMs / 1000);
  }
  return { captureCpuSeconds: round(median(cpu)), captureWallSeconds: round(median(wall), 1) };
};

/**
 * What a default capture costs the process it looks at: a `dd bs=1` write storm (millions of
 * syscalls a second) is the capture's target, and its rate is read from /proc/PID/io each
 * second. `captureImpactPct` is its worst second during the capture as a percentage of its
 * median second before (100: untouched; strace -c used to leave ~0.2).
 */
export const benchCaptureImpact = async (): Promise<{
  captureImpactPct: number;
  stormRatePerSecond: number;
}> => {
  const script = readFileSync(SCRIPT, 'utf8');
  const dd = startProcess('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1'], { detached: true });
  try {
    await waitForExec(dd.pid, 'dd');
    raisePriority(dd.pid);
    const before = median(await ratesFor(dd.pid, 3));
    const { rates } = await ratesWhile(dd.pid, () =>
      runLocalCapture({ ...DEFAULT_CAPTURE_OPTIONS, pid: dd.pid }, { script }),
    );
    return {
      captureImpactPct: round((100 * Math.min(...rates)) / before, 0),
      stormRatePerSecond: Math.round(before / 1000) * 1000,
    };
  } finally {
    await killAll();
  }
};
