import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { jitWarmup } from '../../../../functions/core/causes/jit-warmup/index.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import { loadFixture } from '../../../helpers/fixtures.js';

const judge = (text: string) => jitWarmup.judge(deriveFacts(readCapture(text)));

const entry = (name: string, nid: string) =>
  `"${name}" #9 daemon prio=9 os_prio=0 tid=0x00007fa258d0f000 nid=${nid} waiting on condition [0x0000000000000000]`;

describe('jit-warmup from a thread looked up by its id', () => {
  it('names the JIT when the thread found by `grep 0x…` is a compiler thread (dreamkidd)', () => {
    // Act
    const outcome = judge(
      loadFixture('captures/corpus/jit-warmup/dreamkidd-codecache-c2-jstack-grep.txt'),
    );

    // Assess
    expect(outcome.kind).toBe('diagnosis');
    if (outcome.kind !== 'diagnosis') return;
    expect(outcome.diagnosis).toMatchObject({ confidence: 0.5, pid: 28 });
    expect(outcome.diagnosis.evidence).toEqual([
      {
        source: 'jstack 28 | grep "0x48"',
        text: 'nid 0x48 (the id top -H names, in hex) is C2 CompilerThread1',
      },
    ]);
  });

  it('says nothing of compiler threads listed by name: all of them are always there', () => {
    // Act
    const outcome = judge(`$ jstack 28 | grep C2\n${entry('C2 CompilerThread1', '0x48')}`);

    // Assess
    expect(outcome.kind).toBe('not-applicable');
  });

  it('says nothing when the looked-up thread is the application’s own', () => {
    // Act
    const outcome = judge(`$ jstack 28 | grep 0x4f\n${entry('http-nio-8080-exec-1', '0x4f')}`);

    // Assess
    expect(outcome.kind).not.toBe('diagnosis');
  });
});
