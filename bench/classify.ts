/**
 * Issue 3's figures: classification time in-process, the CLI's wall time from process start to
 * exit, and what `local` adds on top of the capture script's own sampling.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readCapture } from '../functions/core/capture/read.js';
import { classify } from '../functions/core/classify.js';
import { inflate } from './parse.js';
import { median, round, timeMs } from './timing.js';

const TYPICAL = new URL('../test/fixtures/captures/local/debian12-idle.txt', import.meta.url);
const BIN = new URL('../bin/alert-triage.mjs', import.meta.url).pathname;
const SCRIPT = new URL('../functions/capture-script/capture.sh', import.meta.url).pathname;

const wallMs = (run: () => void): number => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

export const benchClassify = () => {
  const typical = inflate(readFileSync(TYPICAL, 'utf8'), 20 * 1024);
  const file = join(tmpdir(), `alert-triage-bench-${process.pid}.txt`);
  writeFileSync(file, typical);
  const cli = () => execFileSync(process.execPath, [BIN, 'classify', file], { stdio: 'pipe' });
  cli();
  return {
    classifyMsTypical: round(timeMs(() => classify(readCapture(typical)), 200)),
    cliClassifyWallMs: round(median(Array.from({ length: 15 }, () => wallMs(cli))), 1),
  };
};

/**
 * `local` minus the script: the same 3-second window run both ways, alternately, 3 times each.
 * The difference is the CLI's start, reading, classifying and printing (plus run-to-run noise).
 */
export const benchLocalOverhead = () => {
  const args = ['--seconds', '3', '--deep', 'never'];
  const local: number[] = [];
  const script: number[] = [];
  for (let i = 0; i < 3; i++) {
    local.push(
      wallMs(() => spawnSync(process.execPath, [BIN, 'local', ...args], { stdio: 'pipe' })),
    );
    script.push(wallMs(() => spawnSync('bash', [SCRIPT, ...args], { stdio: 'pipe' })));
  }
  return { localOverheadMs: round(median(local) - median(script), 0) };
};
