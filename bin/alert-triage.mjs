#!/usr/bin/env node
// The bundle is built by `npm ci` (the prepare script) or `npm run build`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/alert-triage.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('alert-triage: not built yet; run `npm run build` in the project folder\n');
  process.exit(2);
}
await import(bundle.href);
