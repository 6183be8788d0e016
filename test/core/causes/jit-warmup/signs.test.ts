import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { jitSigns } from '../../../../functions/core/causes/jit-warmup/signs.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import { makeFacts } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';

const compilers = (c2: number, c1: number) =>
  makeFacts({
    threads: [
      { tid: 41, name: 'C2 CompilerThre', cpuPercent: c2, source: 'top -H -b -n 1 -p 4100' },
      { tid: 42, name: 'C1 CompilerThre', cpuPercent: c1, source: 'top -H -b -n 1 -p 4100' },
      { tid: 50, name: 'http-nio-8080', cpuPercent: 95, source: 'top -H -b -n 1 -p 4100' },
    ],
  });

describe('jitSigns', () => {
  it('shows the compiler threads from 30% of a core together', () => {
    // Act
    const at = jitSigns(compilers(20, 10));
    const under = jitSigns(compilers(20, 9.9));

    // Assess
    expect(at).toEqual([
      { source: 'top -H -b -n 1 -p 4100', text: 'JIT compiler threads at 30% of a core' },
    ]);
    expect(under).toEqual([]);
  });

  it('shows nothing for a 22-hour JVM whose compilers used 53 s in all (lielocks)', () => {
    // Prepare
    const facts = deriveFacts(
      readCapture(
        loadFixture('captures/corpus/healthy/lielocks-jdk17-22h-jvm-compiler-threads-quiet.txt'),
      ),
    );

    // Act
    const signs = jitSigns(facts);

    // Assess
    expect(facts.threads.length).toBeGreaterThan(0);
    expect(signs).toEqual([]);
  });
});
