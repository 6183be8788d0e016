import { describe, expect, it } from 'vitest';
import {
  GROWING_KIB_S,
  HORIZON_ROOMY_HOURS,
  HORIZON_TIGHT_HOURS,
  jvmHeapCapKiB,
  MIN_GROWER_KIB,
  readGrowth,
  SERIES_RISE_SHARE,
  YOUNG_MIN_KIB_S,
} from '../../../../functions/core/causes/memory-creep/growth.js';
import { memoryCreep } from '../../../../functions/core/causes/memory-creep/index.js';
import type { MemoryFacts, ProcessFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

const PS = 'ps -o pid,rss,etimes,comm -p 4242';
const GIB = 1024 * 1024;

/** This machine: 24 GiB, 20 GiB available. */
const roomy: MemoryFacts = {
  totalKiB: 24 * GIB,
  availableKiB: 20 * GIB,
  availablePercent: (100 * 20) / 24,
  source: 'cat /proc/meminfo',
};
/** A host 60% used. */
const tight: MemoryFacts = { ...roomy, availableKiB: 0.4 * 24 * GIB, availablePercent: 40 };

const grower = (over: Partial<ProcessFacts>): ProcessFacts =>
  proc({ pid: 4242, name: 'node', rssKiB: 500 * 1024, source: PS, ...over });

/** The rate that fills `kib` in `hours`. */
const rateFor = (kib: number, hours: number) => kib / hours / 3600;

describe('readGrowth: how soon it would fill memory', () => {
  it('counts growth that fills a roomy host within a day, not just after', () => {
    // Prepare: just faster and just slower than filling 20 GiB in 24 h
    const at = (rate: number) => readGrowth(grower({ rssGrowthKiBPerSecond: rate }), roomy, 'node');
    const edge = rateFor(roomy.availableKiB, HORIZON_ROOMY_HOURS);

    // Act
    const faster = at(edge * 1.01);
    const slower = at(edge * 0.99);

    // Assess
    expect(faster?.counts).toBe(true);
    expect(slower?.counts).toBe(false);
    expect(slower?.why).toBe(
      'node (PID 4242) grew 14 MiB/min during the capture: memory full only in ~24.2 h',
    );
  });

  it('gives a host already half full two days', () => {
    // Prepare
    const at = (rate: number) => readGrowth(grower({ rssGrowthKiBPerSecond: rate }), tight, 'node');
    const edge = rateFor(tight.availableKiB, HORIZON_TIGHT_HOURS);

    // Act
    const faster = at(edge * 1.01);
    const slower = at(edge * 0.99);

    // Assess
    expect(faster?.counts).toBe(true);
    expect(slower?.counts).toBe(false);
  });

  it('finds a 1 MB/s leak on a 24 GiB host with 20 GiB free (~6 h)', () => {
    // Prepare: a process 5 min old that has held its leak since start
    const p = grower({ rssKiB: 400 * 1024, rssGrowthKiBPerSecond: 977, ageSeconds: 300 });

    // Act
    const g = readGrowth(p, roomy, 'node');

    // Assess
    expect(g).toMatchObject({ counts: true, sure: true });
    expect(g?.text).toBe(
      'node (PID 4242) RSS 400 MiB, growing 57 MiB/min during the capture: at this rate memory is full in ~6.0 h',
    );
  });

  it('ignores growth under 1 MiB a minute', () => {
    // Prepare / Act
    const below = readGrowth(grower({ rssGrowthKiBPerSecond: GROWING_KIB_S - 0.1 }), tight, 'node');

    // Assess
    expect(below).toBeUndefined();
  });
});

describe('readGrowth: a runtime breathing is not a leak', () => {
  it('does not count RSS that fell between samples (a collector sawing)', () => {
    // Prepare: the Node sawtooth measured here, 82–99 MiB
    const p = grower({
      rssKiB: 95 * 1024,
      rssGrowthKiBPerSecond: 3 * 1024,
      rssSeriesKiB: [84 * 1024, 99 * 1024, 82 * 1024, 95 * 1024],
    });

    // Act
    const g = readGrowth(p, roomy, 'node');

    // Assess
    expect(g?.counts).toBe(false);
    expect(g?.why).toContain("a collector's cycle");
  });

  it('does not count growth its life could not have sustained (3 MiB/s in a 2-min-old 93 MiB process)', () => {
    // Prepare: just more and just less than its life allows
    const at = (ageSeconds: number) =>
      readGrowth(
        grower({ rssKiB: 93 * 1024, rssGrowthKiBPerSecond: 3 * 1024, ageSeconds }),
        roomy,
        'node',
      );

    // Act
    const old = at(32);
    const young = at(31);

    // Assess
    expect(old?.counts).toBe(false);
    expect(old?.why).toContain('more than it could have over its 32 s of life');
    expect(young?.counts).toBe(true);
  });

  it('still counts growth that would fill memory within the hour, however it began', () => {
    // Prepare: 10 MiB/s on 20 GiB is ~34 min, in a process a day old
    const p = grower({ rssKiB: 2 * GIB, rssGrowthKiBPerSecond: 10 * 1024, ageSeconds: 86_400 });

    // Act
    const g = readGrowth(p, roomy, 'node');

    // Assess
    expect(g).toMatchObject({ counts: true, sure: true });
  });

  it('does not count a JVM heap expanding toward a cap below what is available', () => {
    // Prepare: the G1 JVM measured here grew in steps to its default cap, a quarter of RAM
    const jvm = (command: string) =>
      readGrowth(
        grower({ name: 'java', command, rssKiB: 1.4 * GIB, rssGrowthKiBPerSecond: 21 * 1024 }),
        roomy,
        'jvm',
      );

    // Act
    const defaultCap = jvm('java -cp . Churn');
    const smallCap = jvm('java -Xmx4g -jar app.jar');
    const bigCap = jvm('java -Xmx32g -jar app.jar');

    // Assess
    expect(defaultCap?.counts).toBe(false);
    expect(defaultCap?.why).toContain('its cap of 6.0 GiB, less than the 20.0 GiB available');
    expect(smallCap?.counts).toBe(false);
    expect(bigCap?.counts).toBe(true);
  });

  it.each([
    ['-Xmx2g', 2 * GIB],
    ['-Xmx512m', 512 * 1024],
    ['-Xmx1073741824', 1024 * 1024],
    ['-XX:MaxRAMPercentage=75.0', 18 * GIB],
    ['', 6 * GIB],
  ])('reads the heap cap of java %s', (flag, kib) => {
    // Prepare / Act
    const cap = jvmHeapCapKiB(`java ${flag} -jar app.jar`, 24 * GIB);

    // Assess
    expect(cap).toBe(kib);
  });

  it('does not name a young process growing under half a MiB/s (starting up)', () => {
    // Prepare: a 2 s old node of 49 MiB, just under and at the limit
    const at = (rate: number) =>
      readGrowth(
        grower({ rssKiB: 49 * 1024, rssGrowthKiBPerSecond: rate, ageSeconds: 2 }),
        roomy,
        'node',
      );

    // Act
    const under = at(YOUNG_MIN_KIB_S - 1);
    const at512 = at(YOUNG_MIN_KIB_S);

    // Assess
    expect(under?.counts).toBe(false);
    expect(under?.why).toContain('starting up');
    expect(at512).toMatchObject({ counts: true, sure: false });
  });

  it('leaves out processes holding under 32 MiB', () => {
    // Prepare / Act
    const small = readGrowth(
      grower({ rssKiB: MIN_GROWER_KIB - 1, rssGrowthKiBPerSecond: 1536 }),
      roomy,
      undefined,
    );
    const enough = readGrowth(
      grower({ rssKiB: MIN_GROWER_KIB, rssGrowthKiBPerSecond: 1536 }),
      roomy,
      undefined,
    );

    // Assess
    expect(small).toBeUndefined();
    expect(enough?.counts).toBe(true);
  });
});

describe('readGrowth: untimed series', () => {
  it('counts RSS rising steadily across 3 samples by a tenth, not less, not with a fall', () => {
    // Prepare
    const at = (rssSeriesKiB: number[]) => readGrowth(grower({ rssSeriesKiB }), roomy, undefined);
    const base = 100_000;

    // Act
    const rising = at([base, base + 5_000, base * (1 + SERIES_RISE_SHARE)]);
    const tooLittle = at([base, base + 5_000, base * (1 + SERIES_RISE_SHARE) - 1]);
    const twoOnly = at([base, base * 2]);
    const fell = at([base, base * 0.9, base * 2]);

    // Assess
    expect(rising?.counts).toBe(true);
    expect(rising?.text).toBe(
      'node (PID 4242) RSS rose 98 MiB → 107 MiB across 3 samples, never falling',
    );
    expect(tooLittle).toBeUndefined();
    expect(twoOnly).toBeUndefined();
    expect(fell).toBeUndefined();
  });
});

describe('memoryCreep with growth alone', () => {
  it('names a young process growing 1 MB/s below 0.5 when asked about it, one whose life backs it at 0.5', () => {
    // Prepare
    const at = (ageSeconds: number, focusPid?: number) =>
      memoryCreep.judge(
        makeFacts({
          memory: roomy,
          ...(focusPid !== undefined ? { focusPid } : {}),
          processes: [grower({ rssKiB: 60 * 1024, rssGrowthKiBPerSecond: 977, ageSeconds })],
        }),
      );

    // Act
    const asked = at(5, 4242);
    const notAsked = at(5);
    const backed = at(40);

    // Assess
    expect(diagnosisOf(asked).confidence).toBe(0.45);
    expect(diagnosisOf(asked).pid).toBe(4242);
    expect(diagnosisOf(asked).summary).toContain(
      'It started 5 s ago, so this may be its start-up: capture again in a few minutes to confirm.',
    );
    expect(diagnosisOf(backed).summary).not.toContain('start-up');
    expect(notAsked.kind === 'ruled-out' && notAsked.ruledOut.reason).toContain(
      'node (PID 4242) grew 57 MiB/min in its first 5 s: starting up, or a leak to check with --pid 4242',
    );
    expect(diagnosisOf(backed).confidence).toBe(0.5);
  });

  it('names the process a person asked about before a faster grower', () => {
    // Prepare
    const facts = makeFacts({
      memory: roomy,
      focusPid: 4242,
      processes: [
        grower({ pid: 9000, rssKiB: GIB, rssGrowthKiBPerSecond: 17_000, ageSeconds: 60 }),
        grower({ rssKiB: 60 * 1024, rssGrowthKiBPerSecond: 977, ageSeconds: 5 }),
      ],
    });

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.pid).toBe(4242);
  });

  it('says which growth it set aside when it rules memory out', () => {
    // Prepare
    const facts = makeFacts({
      memory: roomy,
      processes: [grower({ rssKiB: 93 * 1024, rssGrowthKiBPerSecond: 3 * 1024, ageSeconds: 120 })],
    });

    // Act
    const outcome = memoryCreep.judge(facts);

    // Assess
    expect(outcome.kind).toBe('ruled-out');
    expect(outcome.kind === 'ruled-out' && outcome.ruledOut.reason).toContain(
      'node (PID 4242) grew 180 MiB/min during the capture, more than it could have over its 2 min of life',
    );
  });
});

describe('memoryCreep with available memory falling across samples', () => {
  it('counts a fall of a tenth of RAM, never rising; not less, not with a rise', () => {
    // Prepare: 24 GiB, samples of available memory
    const at = (availableSeriesKiB: number[]) =>
      memoryCreep.judge(
        makeFacts({
          processes: [],
          memory: { ...roomy, availableSeriesKiB, availableKiB: availableSeriesKiB.at(-1) ?? 0 },
        }),
      );
    const tenth = 0.1 * roomy.totalKiB;

    // Act
    const fell = at([20 * GIB, 19 * GIB, 20 * GIB - Math.ceil(tenth)]);
    const little = at([20 * GIB, 19 * GIB, 20 * GIB - Math.floor(tenth)]);
    const rose = at([20 * GIB, 21 * GIB, 20 * GIB - Math.ceil(tenth)]);

    // Assess
    expect(diagnosisOf(fell).evidence).toContainEqual({
      source: 'cat /proc/meminfo',
      text: 'available memory fell 20.0 GiB → 17.6 GiB across 3 samples, never rising',
    });
    expect(little.kind).toBe('ruled-out');
    expect(rose.kind).toBe('ruled-out');
  });
});
