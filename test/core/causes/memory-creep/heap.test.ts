import { describe, expect, it } from 'vitest';
import {
  GC_BUSY,
  GC_SHARE_FULL,
  heapFull,
} from '../../../../functions/core/causes/memory-creep/heap.js';
import { memoryCreep } from '../../../../functions/core/causes/memory-creep/index.js';
import type { ThreadFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts, proc } from '../../../helpers/facts.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

const TOP_H = 'top -b -H -n 2 -d 1 -p 4242';

const thread = (
  tid: number,
  name: string,
  cpuPercent: number,
  over: Partial<ThreadFacts> = {},
): ThreadFacts => ({
  pid: 4242,
  tid,
  name,
  cpuPercent,
  source: TOP_H,
  ...over,
});

const java = proc({
  pid: 4242,
  name: 'java',
  cpuPercent: 190,
  rssKiB: 2_000_000,
  command: 'java -Xmx1g -jar app.jar',
});

/** A JVM whose GC threads take `gc` of a core and its workers `work`. */
const jvm = (gc: number, work: number, over: Partial<ThreadFacts> = {}) =>
  makeFacts({
    processes: [java],
    runtimes: [{ pid: 4242, runtime: 'jvm', profilers: [] }],
    threads: [
      thread(4250, 'GC Thread#0', gc / 2, over),
      thread(4251, 'GC Thread#1', gc / 2, over),
      thread(4260, 'http-nio-8080-e', work, over),
    ],
  });

describe('memory-creep: a full heap', () => {
  it('names a JVM whose collector takes most of its CPU, though the host has memory free', () => {
    // Prepare
    const facts = jvm(160, 30);

    // Act
    const d = diagnosisOf(memoryCreep.judge(facts));

    // Assess
    expect(d.confidence).toBe(0.8);
    expect(d.pid).toBe(4242);
    expect(d.summary).toBe(
      "java (PID 4242)'s heap is full: its garbage collector takes 84% of its CPU, though the host has 2.9 GiB available. Raise its heap cap if it is too small for the work, or find what fills it.",
    );
    expect(d.evidence[0]).toEqual({
      source: TOP_H,
      text: "java (PID 4242)'s garbage-collector threads take 160% of a core, 84% of its threads' CPU (2 GC threads, hottest GC Thread#0 80%): its heap is full",
    });
    expect(d.fixes.some((f) => f.command?.startsWith('jcmd 4242 GC.heap_dump'))).toBe(true);
  });

  it('needs the collector at half a core at least', () => {
    // Prepare / Act
    const under = heapFull(jvm(GC_BUSY - 1, 10));
    const at = heapFull(jvm(GC_BUSY, 10));

    // Assess
    expect(under).toBeUndefined();
    expect(at?.gcCpu).toBe(GC_BUSY);
  });

  it('needs the collector to hold half of the threads’ CPU', () => {
    // Prepare: GC 100% of a core against workers just over and at 100%
    const under = heapFull(jvm(100, 100 + 1));
    const at = heapFull(jvm(100, 100));

    // Assess
    expect(under).toBeUndefined();
    expect(at?.share).toBe(GC_SHARE_FULL);
  });

  it('does not read GC CPU averaged over a long life as now', () => {
    // Prepare: a dump's lifetime cpu= over two hours
    const facts = jvm(160, 30, { cpuOverSeconds: 7200 });

    // Act
    const found = heapFull(facts);

    // Assess
    expect(found).toBeUndefined();
  });
});
