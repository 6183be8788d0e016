import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { deriveFacts } from '../../../functions/core/facts/derive.js';
import { deriveJit } from '../../../functions/core/facts/jit.js';
import { loadFixture } from '../../helpers/fixtures.js';

const jitOf = (text: string) => deriveJit(readCapture(text));
const fixture = (name: string) => loadFixture(`captures/jit-log/${name}.txt`);

describe('deriveJit', () => {
  it('a rate from PrintCompilation times, the JVM’s age and the share of it spent compiling', () => {
    const jit = jitOf(fixture('this-machine-jdk17-citime'));

    // 21 compilations between 7,332 and 25,129 ms; CITime 5.951 s compiling in a 25.1 s life.
    expect(jit).toMatchObject({ compilations: 21, seconds: 17.797, perSecond: 1.2 });
    expect(jit?.jvmAgeSeconds).toBe(25.129);
    expect(jit?.compilePercentOfAge).toBe(23.7);
  });

  it('a rate from jstat samples at a known interval, the growth alone without one', () => {
    const timed = jitOf(fixture('this-machine-jdk17-jstat-printcompilation'));
    const untimed = jitOf(fixture('this-machine-jdk17-jstat-compiler'));

    expect(timed).toMatchObject({ pid: 8086, compilations: 70, seconds: 3.5, perSecond: 20 });
    expect(untimed).toMatchObject({ pid: 8086, compilations: 142, compileSeconds: 5.95 });
    expect(untimed?.perSecond).toBeUndefined();
  });

  it('no rate from a single timed compilation (openj9#13839)', () => {
    const jit = jitOf(fixture('openj9-13839-verbose-compile-start-end-fail'));

    expect(jit).toMatchObject({ compilations: 1, failures: 1 });
    expect(jit?.perSecond).toBeUndefined();
  });

  it('takes the JVM’s age from a thread dump in the same capture', () => {
    const text = [
      fixture('this-machine-jdk17-jstat-compiler'),
      loadFixture('captures/jstack/this-machine-jdk17-two-dumps.txt'),
    ].join('\n');

    const jit = jitOf(text);

    expect(jit?.jvmAgeSeconds).toBe(10.54);
    expect(jit?.compilePercentOfAge).toBe(56.5); // 5.95 s of 10.54 s
  });

  it('is absent without JIT output, and part of the facts with it', () => {
    expect(
      jitOf('==> uptime <==\n 10:00:00 up 1 day,  load average: 0.1, 0.1, 0.1'),
    ).toBeUndefined();
    expect(deriveFacts(readCapture(fixture('openj9-4812-summary'))).jit?.queuePeak).toBe(85);
  });
});
