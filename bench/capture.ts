/**
 * What the capture script costs this machine at its default settings (the ones the Lambda
 * uses): CPU-seconds of the script and every tool it runs, and wall time. Median of 3 runs.
 */
import { readFileSync } from 'node:fs';
import { runLocalCapture } from '../functions/adapters/local/local-executor.js';
import { DEFAULT_CAPTURE_OPTIONS } from '../functions/capture-script/options.js';
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
