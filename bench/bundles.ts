/**
 * What each Lambda bundle weighs and what loading it costs a cold start. Bundles with the very
 * options `TriageFunction` uses (`triageEsbuildOptions`), then, for each bundle, starts a fresh
 * `node` (with the functions' `NODE_OPTIONS`) that imports it and times the import alone:
 * median of 5 runs. The bundles are written under `node_modules/.cache`, where anything left
 * external (nothing today: the AWS SDK is bundled) resolves from the project's `node_modules`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { TRIAGE_ENTRIES } from '../lib/alert-triage.js';
import { PROJECT_ROOT, TRIAGE_NODE_OPTIONS, triageEsbuildOptions } from '../lib/triage-function.js';
import { median, round } from './timing.js';

const RUNS = 5;
const OUT = join(PROJECT_ROOT, 'node_modules', '.cache', 'alert-triage-bench');

const run = promisify(execFile);

/** One fresh process: the milliseconds `import()` of the bundle takes, start to settled. */
const coldImportMs = async (file: string): Promise<number> => {
  const url = JSON.stringify(pathToFileURL(file).href);
  const script = `const t = performance.now(); await import(${url}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(
    process.execPath,
    [...TRIAGE_NODE_OPTIONS, '--input-type=module', '-e', script],
    {
      cwd: OUT,
      // What Lambda provides at import time; no credentials (an import must not call AWS).
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    },
  );
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`cold import of ${file} printed ${stdout}`);
  return ms;
};

export async function benchBundles(): Promise<{
  bundleKBMax: number;
  coldImportMsMax: number;
  bundles: Record<string, number>;
}> {
  rmSync(OUT, { recursive: true, force: true });
  const bundles: Record<string, number> = {};
  const coldImports: number[] = [];
  for (const [name, entry] of Object.entries(TRIAGE_ENTRIES)) {
    const outfile = join(OUT, name, 'index.mjs');
    mkdirSync(join(OUT, name), { recursive: true });
    await build({ ...triageEsbuildOptions(), entryPoints: [join(PROJECT_ROOT, entry)], outfile });
    bundles[name] = round(statSync(outfile).size / 1024, 1);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await coldImportMs(outfile));
    coldImports.push(median(samples));
  }
  return {
    bundleKBMax: Math.max(...Object.values(bundles)),
    coldImportMsMax: round(Math.max(...coldImports), 1),
    bundles,
  };
}
