import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../functions/adapters/local/scenarios/index.js';
import { cli } from '../helpers/cli.js';

interface DemoTriage {
  cause: string;
  diagnoses: { cause: string; confidence: number; pid?: number }[];
  capture: { metadata: Record<string, string> };
}

// Each demo is the whole product on a real pathology: the CLI starts the process, the real
// capture script reads it, the classifier names it, and the process is stopped. The scenario
// programs end themselves if the CLI dies (covered in scenarios.test.ts).
describe('alert-triage demo', () => {
  it.each(SCENARIOS.map((s) => [s.id, s.expectedCause] as const))(
    '%s is triaged as %s',
    async (id, expected) => {
      // Act
      const result = await cli(['demo', id, '--seconds', '3', '--json']);

      // Assess: about the scenario's own process. The classifier reads the whole host, so a
      // busy process elsewhere on a shared machine may be named too; it must not change
      // what is said about the scenario.
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const triage: DemoTriage = JSON.parse(result.stdout);
      const target = Number(triage.capture.metadata['target-pid']);
      const aboutTarget = triage.diagnoses.filter((d) => d.pid === undefined || d.pid === target);
      if (expected === 'healthy') {
        expect(aboutTarget.map((d) => d.cause)).toEqual(
          triage.cause === 'healthy' ? ['healthy'] : [],
        );
      } else {
        expect(aboutTarget[0]?.cause).toBe(expected);
        expect(aboutTarget[0]?.confidence).toBeGreaterThanOrEqual(0.4);
      }
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
