import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../functions/core/capture/read.js';
import { runawayProcess } from '../../../../functions/core/causes/runaway-process/index.js';
import {
  DECISIVE_SYMBOL,
  DOMINANT_OBJECT,
  DOMINANT_SYMBOL,
  PROFILED_BUSY,
  readPerfLoop,
} from '../../../../functions/core/causes/runaway-process/perf.js';
import { deriveFacts } from '../../../../functions/core/facts/derive.js';
import type { Facts, PerfFacts } from '../../../../functions/core/facts/types.js';
import { makeFacts } from '../../../helpers/facts.js';
import { loadFixture } from '../../../helpers/fixtures.js';
import { diagnosisOf } from '../../../helpers/outcomes.js';

type Symbol = PerfFacts['topSymbols'][number];

const user = (symbol: string, percent: number, over: Partial<Symbol> = {}): Symbol => ({
  symbol,
  percent,
  kernel: false,
  ...over,
});

/** Only a profile: no CPU split, no process list. */
const perfOnly = (symbols: Symbol[]): Facts => {
  const { cpu: _cpu, ...rest } = makeFacts({
    processes: [],
    perf: {
      kernelPercent: symbols.filter((s) => s.kernel).reduce((a, s) => a + s.percent, 0),
      topSymbols: symbols,
      source: 'perf top',
    },
  });
  return rest;
};

describe('readPerfLoop', () => {
  it("names libtorrent issue 826's one function at 93.54% of samples at 0.8", () => {
    // Act
    const loop = readPerfLoop(
      deriveFacts(
        readCapture(
          loadFixture('captures/corpus/runaway-process/libtorrent-826-perf-top-forgot-iterate.txt'),
        ),
      ),
    );

    // Assess
    expect(loop?.confidence).toBe(0.8);
    expect(loop?.evidence.text).toBe(
      '94% of samples in one user-space function: torrent::TransferList::mark_and_disconnect_if_single_peer(torrent::BlockList*) (libtorrent.so.47.0.0)',
    );
  });

  it(`names one function from ${DOMINANT_SYMBOL}% at 0.7, and from ${DECISIVE_SYMBOL}% at 0.8`, () => {
    // Act / Assess
    expect(readPerfLoop(perfOnly([user('spin', DOMINANT_SYMBOL - 0.1)]))).toBe(undefined);
    expect(readPerfLoop(perfOnly([user('spin', DOMINANT_SYMBOL)]))?.confidence).toBe(0.7);
    expect(readPerfLoop(perfOnly([user('spin', DECISIVE_SYMBOL - 0.1)]))?.confidence).toBe(0.7);
    expect(readPerfLoop(perfOnly([user('spin', DECISIVE_SYMBOL)]))?.confidence).toBe(0.8);
  });

  it(`names one object's few functions from ${DOMINANT_OBJECT}% together at 0.6`, () => {
    // Prepare: a Go select loop spread over runtime helpers of one binary (pgconn issue 39's shape)
    const of = (share: number) =>
      perfOnly([
        user('runtime.selectgo', share / 2, { object: 'badpg-test' }),
        user('runtime.lock', share / 4, { object: 'badpg-test' }),
        user('runtime.unlock', share / 4, { object: 'badpg-test' }),
      ]);

    // Act / Assess
    expect(readPerfLoop(of(DOMINANT_OBJECT - 0.1))).toBe(undefined);
    expect(readPerfLoop(of(DOMINANT_OBJECT))?.confidence).toBe(0.6);
  });

  it("names tcpdp PR 34's flat Go profile of a process at 86% of a core at 0.6", () => {
    // Act
    const loop = readPerfLoop(
      deriveFacts(
        readCapture(
          loadFixture('captures/corpus/runaway-process/tcpdp-pr34-pprof-selectgo-busy-loop.txt'),
        ),
      ),
    );

    // Assess
    expect(loop?.confidence).toBe(0.6);
    expect(loop?.evidence.text).toBe(
      'the profiled process used 86% of a core, 100% of its samples in user space (hottest: runtime.selectgo 33%)',
    );
  });

  it(`names a flat profile from ${PROFILED_BUSY}% of a core, not just below`, () => {
    // Prepare
    const flat = (busyPercent: number): Facts => {
      const facts = perfOnly([user('runtime.selectgo', 30), user('runtime.lock', 10)]);
      if (facts.perf) facts.perf.busyPercent = busyPercent;
      return facts;
    };

    // Act / Assess
    expect(readPerfLoop(flat(PROFILED_BUSY - 0.1))).toBe(undefined);
    expect(readPerfLoop(flat(PROFILED_BUSY))?.confidence).toBe(0.6);
  });

  it('steps aside for the JIT compiler and the GC', () => {
    // Act / Assess
    expect(readPerfLoop(perfOnly([user('PhaseIdealLoop::build_loop_tree', 70)]))).toBe(undefined);
    expect(readPerfLoop(perfOnly([user('G1ParScanThreadState::trim_queue', 70)]))).toBe(undefined);
    expect(readPerfLoop(perfOnly([user('runtime.scanobject', 70)]))).toBe(undefined);
    expect(readPerfLoop(perfOnly([user('0x7f3a', 70, { object: '[JIT] tid 9537' })]))).toBe(
      undefined,
    );
  });

  it('steps aside for a kernel-heavy profile (syscall-storm)', () => {
    // Act / Assess
    expect(
      readPerfLoop(
        perfOnly([user('spin', 55), { symbol: 'entry_SYSCALL_64', percent: 35, kernel: true }]),
      ),
    ).toBe(undefined);
  });
});

describe('runawayProcess from a profile', () => {
  it('names the loop with no process list, and says how to find the process', () => {
    // Act
    const d = diagnosisOf(runawayProcess.judge(perfOnly([user('spin', 93.54)])));

    // Assess
    expect(d.confidence).toBe(0.8);
    expect(d.summary).toBe(
      "spin takes 94% of the profile's samples: the CPU goes round one loop in user space.",
    );
    expect(d.fixes[0]?.command).toBe('perf top -g -p PID');
  });
});
