import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';
import { ClosingLineReporter } from './test/helpers/closing-line-reporter.js';

/** The capture script is imported as text (esbuild's text loader does the same in bundles). */
const shellAsText: Plugin = {
  name: 'shell-as-text',
  load(id) {
    if (id.endsWith('.sh')) return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
    return null;
  },
};

export default defineConfig({
  plugins: [shellAsText],
  test: {
    pool: 'forks',
    reporters: ['default', new ClosingLineReporter()],
    projects: [
      {
        plugins: [shellAsText],
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Real misbehaving processes and real captures: one file at a time, after the unit
        // tests, so one file's busy process never becomes another file's "hottest process".
        plugins: [shellAsText],
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
