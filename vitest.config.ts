import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { ClosingLineReporter } from './test/helpers/closing-line-reporter.js';

export default defineConfig({
  // The capture script is imported as text (esbuild's text loader does the same in bundles).
  plugins: [
    {
      name: 'shell-as-text',
      load(id) {
        if (id.endsWith('.sh'))
          return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
        return null;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    reporters: ['default', new ClosingLineReporter()],
  },
});
