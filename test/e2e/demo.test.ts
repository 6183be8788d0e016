import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../functions/adapters/local/scenarios/index.js';
import { cli } from '../helpers/cli.js';

// Each demo is the whole product on a real pathology: the CLI starts the process, the real
// capture script reads it, the classifier names it, and the process is stopped. The scenario
// programs end themselves if the CLI dies (covered in scenarios.test.ts).
describe('alert-triage demo', () => {
  it.each(SCENARIOS.map((s) => [s.id, s.expectedCause] as const))(
    '%s is triaged as %s',
    async (id, expected) => {
      // Act
      const result = await cli(['demo', id, '--seconds', '3', '--json']);

      // Assess
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const triage = JSON.parse(result.stdout);
      expect(triage.cause).toBe(expected);
      if (expected === 'healthy') expect(triage.diagnoses).toHaveLength(1);
      else expect(triage.confidence).toBeGreaterThanOrEqual(0.4);
    },
  );

  it('lists the scenarios and refuses an unknown one with exit code 2', async () => {
    const list = await cli(['demo', '--list']);
    const unknown = await cli(['demo', 'fork-bomb']);

    expect(list.stdout.match(/^\S+/gm)).toEqual(SCENARIOS.map((s) => s.id));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown scenario 'fork-bomb' \(one of: signal-storm/);
  });
});
