import { nodeWatchdog, startProgram } from './program.js';
import type { Scenario } from './types.js';

// An idle HTTP service on a loopback port the kernel picks, polled by its own health check.
const SOURCE = `'use strict';
${nodeWatchdog('event-loop')}
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end('ok\\n');
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  setInterval(() => {
    http.get({ host: '127.0.0.1', port, path: '/health' }, (res) => res.resume()).on('error', () => {});
  }, 1000);
  require('node:fs').writeSync(1, 'ready port=' + port + '\\n');
});
`;

export const healthy: Scenario = {
  id: 'healthy',
  title: 'Healthy (an idle HTTP service)',
  expectedCause: 'healthy',
  explains:
    'An ordinary idle HTTP service on 127.0.0.1 answering one health check a second: the baseline the other scenarios are compared with, as seed 000 compared a sick instance with a healthy one.',
  settleMs: 1_000,
  start: (options) =>
    startProgram(
      {
        scenarioId: 'healthy',
        files: { 'healthy.cjs': SOURCE },
        command: process.execPath,
        args: (dir) => [`${dir}/healthy.cjs`],
      },
      options,
    ),
};
