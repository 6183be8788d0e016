import { execFile } from 'node:child_process';

const bin = new URL('../../bin/alert-triage.mjs', import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run build` happens before the tests) as a user would. */
export const cli = (
  args: string[],
  input?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliResult> =>
  new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { maxBuffer: 16 * 1024 * 1024, timeout: 60_000, env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
