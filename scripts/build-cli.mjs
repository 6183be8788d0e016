// Bundles the CLI into one ES module so `npx alert-triage` starts fast and needs no TypeScript
// loader at run time. Runs on `npm ci` (prepare) and before the tests.
import { build } from 'esbuild';

await build({
  entryPoints: ['bin/alert-triage.ts'],
  outfile: 'dist/alert-triage.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  loader: { '.sh': 'text' },
  // CommonJS dependencies (@slack/web-api) call require(); an ES module bundle needs one made.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  logLevel: 'warning',
});
