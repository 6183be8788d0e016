import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JitLog, jitLogParser } from '../../../functions/core/parsers/jit-log.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): JitLog => {
  const { command, text } = loadBlockFixture(`captures/jit-log/${name}.txt`);
  const result = jitLogParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

describe('jitLogParser: HotSpot', () => {
  it('counts PrintCompilation lines by tier, leaving out native wrappers (this machine)', () => {
    // Act
    const log = parseFixture('this-machine-jdk17-printcompilation-start');

    // Assess: 60 lines: 32 `n 0` native wrappers, 1 `made not entrant`, 27 compilations.
    expect(log.formats).toEqual(['print-compilation']);
    expect(log.compilations).toBe(27);
    expect(log.byTier).toEqual({ '1': 6, '3': 20, '4': 1 });
    expect(log.deoptimizations).toBe(1);
    expect(log.firstMs).toBe(100);
    expect(log.lastMs).toBe(119);
  });

  it('reads OSR compilations and the CITime summary printed at exit (this machine)', () => {
    const log = parseFixture('this-machine-jdk17-citime');

    expect(log.formats).toEqual(['print-compilation', 'citime']);
    expect(log.compileSeconds).toBe(5.951);
    expect(log.totalCompiled).toBe(652);
    expect(log.deoptimizations).toBe(10);
    expect(log.lastMs).toBe(25129);
  });

  it('reads -Xlog:jit+compilation lines, timed by their [0.083s] prefix (openjdk#12898)', () => {
    const logged = parseFixture('openjdk-12898-log-jit-compilation');
    const printed = parseFixture('openjdk-12898-printcompilation-trace-threads');

    expect(logged).toMatchObject({ compilations: 2, byTier: { '3': 2 }, firstMs: 83, lastMs: 87 });
    expect(printed).toMatchObject({ compilations: 2, byTier: { '3': 2 }, firstMs: 92, lastMs: 96 });
  });

  it('reads PrintCompilation with its spacing collapsed and a name cut short (jayamahatec blog)', () => {
    const log = parseFixture('jayamahatec-printcompilation-collapsed');

    // 12 lines: one `n 0` native wrapper; `java.lang.Object::` lost its `<init>` to HTML.
    expect(log.compilations).toBe(11);
    expect(log.byTier).toEqual({ '3': 10, '4': 1 });
    expect(log.firstMs).toBe(44);
    expect(log.lastMs).toBe(55);
  });

  it('reads a jstat -compiler row with single spaces (Java Performance, the book)', () => {
    const { text } = loadBlockFixture('captures/jit-log/java-performance-book-jstat.txt');

    const result = jitLogParser.parse(text, null);

    expect(result.ok && result.data.samples).toEqual([
      { compiled: 206, failed: 0, compileSeconds: 1.97 },
    ]);
  });

  it('reads jstat -compiler and -printcompilation samples, with the interval from the command', () => {
    const printing = parseFixture('this-machine-jdk17-jstat-printcompilation');
    const { text } = loadBlockFixture('captures/jit-log/this-machine-jdk17-jstat-compiler.txt');
    const counters = jitLogParser.parse(
      text.replace(/^\$ .*$/gm, ''),
      'jstat -compiler 8086 7000 2',
    );

    expect(printing.samples.map((s) => s.compiled)).toEqual([
      577, 593, 600, 621, 632, 645, 646, 647,
    ]);
    expect(printing.sampleIntervalSeconds).toBe(0.5);
    expect(counters.ok && counters.data.samples).toEqual([
      { compiled: 509, failed: 0, compileSeconds: 2.69 },
      { compiled: 651, failed: 0, compileSeconds: 5.95 },
    ]);
    expect(counters.ok && counters.data.sampleIntervalSeconds).toBe(7);
    expect(counters.ok && counters.data.compileSeconds).toBe(5.95);
  });

  it('counts the C1 and C2 queues of jcmd Compiler.queue and names what is compiling', () => {
    const log = parseFixture('this-machine-jdk17-compiler-queue');

    expect(log.queueLength).toBe(22);
    expect(log.compiling).toEqual([
      'C2 CompilerThread0: java.text.DecimalFormatSymbols::initialize',
    ]);
  });
});

describe('jitLogParser: OpenJ9', () => {
  it('adds up time= of warm compilations and keeps the slowest (openj9#11628)', () => {
    const log = parseFixture('openj9-11628-verbose-warm-jitserver');

    expect(log.compilations).toBe(4);
    expect(log.byTier).toEqual({ warm: 4 });
    expect(log.compileSeconds).toBe(7.893); // 598202 + 4594443 + 1194908 + 1505202 µs
    expect(log.slowest[0]?.ms).toBe(4594.443);
    expect(log.queueLength).toBe(0);
  });

  it('counts failed compilations and the queue size (openj9#8911, #13839)', () => {
    const heap = parseFixture('openj9-8911-verbose-failures');
    const aot = parseFixture('openj9-13839-verbose-compile-start-end-fail');

    expect(heap).toMatchObject({ compilations: 1, failures: 1, queueLength: 7 });
    expect(heap.compileSeconds).toBe(1.554); // only the whole `!` line's time
    expect(aot).toMatchObject({ compilations: 1, failures: 1, byTier: { cold: 1 } });
  });

  it('reads the end-of-run summary and the per-thread compile times (openj9#4812, #9068)', () => {
    const summary = parseFixture('openj9-4812-summary');
    const threads = parseFixture('openj9-9068-print-comp-time');

    expect(summary).toMatchObject({ totalCompiled: 1544, queuePeak: 85, compileSeconds: 1.998 });
    expect(threads.compileSeconds).toBe(67.203);
  });
});

describe('jitLogParser: recognising and refusing', () => {
  it('recognises each format’s first line, and not prose', () => {
    const banner = jitLogParser.banner as RegExp;
    const firsts = [
      '    100    1       3       java.lang.Object::<init> (1 bytes)',
      '  25129  643 %     4       Warm::main @ 70 (362 bytes)   made not entrant',
      '[0.083s][debug][jit,compilation]    1       3       java.lang.Object::<init> (1 bytes)',
      '+ (warm) sun/nio/ch/SocketChannelImpl.read(Ljava/nio/ByteBuffer;)I @ 00007F9292C00060-00007F9292C02BDA OrdinaryMethod - Q_SZ=0 Q_SZI=0 QW=0',
      '! com/sun/Foo.bar()V time=1553634us compilationHeapLimitExceeded',
      ' (cold) Compiling sun/reflect/Reflection.getCallerClass()Ljava/lang/Class;  OrdinaryMethod',
      'Compiled Failed Invalid   Time   FailedType FailedMethod',
      'Compiled  Size  Type Method',
      'Accumulated compiler times',
      'Number of compilations per level:',
      'Time spent in compilation thread =7788 ms',
      'C2 compile queue:',
    ];
    const prose = [
      '+ (warm) regards from the team',
      'Compiled 12 files',
      '12 3 things (5 bytes)',
      'The C2 compile queue was long',
    ];

    for (const line of firsts) expect(banner.test(line), line).toBe(true);
    for (const line of prose) expect(banner.test(line), line).toBe(false);
  });

  it('takes its commands and leaves others alone', () => {
    expect(jitLogParser.matchCommand('jstat -compiler 8086')).toBe(true);
    expect(jitLogParser.matchCommand('jstat -printcompilation 8086 500 8')).toBe(true);
    expect(jitLogParser.matchCommand('jcmd 8086 Compiler.queue')).toBe(true);
    expect(jitLogParser.matchCommand('java -XX:+PrintCompilation -jar app.jar')).toBe(true);
    expect(jitLogParser.matchCommand('jstat -gcutil 8086')).toBe(false);
    expect(jitLogParser.matchCommand('jcmd 8086 Thread.print')).toBe(false);
  });

  it('says what it expected when the text is not JIT output', () => {
    const result = jitLogParser.parse('hello\n12 3 things (5 bytes)\n', null);

    expect(result).toEqual({ ok: false, error: expect.stringMatching(/no JIT output found/) });
  });

  it('never throws, and stays linear on long hostile lines', () => {
    const fragments = fc.constantFrom(
      '    100    1       3       java.lang.Object::<init> (1 bytes)',
      '+ (warm) a/B.c()V @ 0-1 OrdinaryMethod - Q_SZ=3 time=12us',
      '! a/B.c()V time=9us fail',
      'Compiled Failed Invalid   Time   FailedType FailedMethod',
      '     509      0       0     2.69          0',
      'C1 compile queue:',
      'Empty',
      'Total compilation time   :   5.951 s',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }),
        fc.option(fc.string()),
        (parts, command) => {
          const result = jitLogParser.parse(parts.join('\n'), command);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
    const hostile = [
      `+ (warm) a(${'('.repeat(100_000)}`,
      `   1 2 3 ${'a::'.repeat(100_000)}`,
      `! a(${') '.repeat(100_000)}`,
    ];
    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
    for (const line of hostile) {
      expect((jitLogParser.banner as RegExp).test(line)).toBe(false);
      expect(jitLogParser.parse(line, null).ok).toBe(false);
    }
  });
});
