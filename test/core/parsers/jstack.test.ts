import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jstackParser, type ThreadDump } from '../../../functions/core/parsers/jstack.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): ThreadDump => {
  const { command, text } = loadBlockFixture(`captures/jstack/${name}`);
  const result = jstackParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

const thread = (dump: ThreadDump, name: string) => {
  const found = dump.threads.find((t) => t.name === name);
  if (!found) throw new Error(`no thread "${name}"`);
  return found;
};

describe('jstackParser', () => {
  it('reads a real JDK 17 dump: the C2 compiler thread with its cpu= and Linux TID', () => {
    // Act
    const dump = parseFixture('this-machine-jdk17-warmup.txt');

    // Assess
    expect(dump.jvm).toEqual({
      vm: 'OpenJDK 64-Bit Server VM',
      version: '17.0.15+6-Debian-1deb12u1',
      javaMajor: 17,
    });
    expect(dump.dumpedAt).toBe('2026-11-22 20:39:05');
    expect(dump.threads).toHaveLength(28);
    expect(thread(dump, 'C2 CompilerThread0')).toEqual({
      name: 'C2 CompilerThread0',
      number: 7,
      daemon: true,
      cpuMs: 551.4,
      elapsedSeconds: 4.34,
      nid: 0x19f3, // 6643, what `top -H` shows as its PID
      state: 'RUNNABLE',
      frames: [],
    });
    expect(thread(dump, 'notification-async-1')).toMatchObject({
      daemon: false,
      cpuMs: 758.39,
      nid: 6649,
      state: 'RUNNABLE',
      frames: expect.arrayContaining([
        'java.lang.String.split(java.base@17.0.15/String.java:3128)',
        'NotificationWarmup.render(NotificationWarmup.java:9)',
      ]),
    });
    // VM-internal threads: no #N, not daemon, the header's own words as state.
    expect(thread(dump, 'GC Thread#0')).toEqual({
      name: 'GC Thread#0',
      daemon: false,
      cpuMs: 87.34,
      elapsedSeconds: 4.38,
      nid: 0x19e8,
      state: 'runnable',
      frames: [],
    });
    expect(dump.deadlock).toBe(false);
  });

  it('reads `jcmd PID Thread.print`, which prints the PID line first', () => {
    const dump = parseFixture('this-machine-jdk17-jcmd-thread-print.txt');

    expect(dump.threads).toHaveLength(28);
    expect(thread(dump, 'C2 CompilerThread0')).toMatchObject({
      cpuMs: 551.4,
      elapsedSeconds: 5.01,
    });
  });

  it('reads a JDK 25 dump: decimal nid, and C2 caught compiling the hot method', () => {
    const dump = parseFixture('this-machine-jdk25-c2-compiling.txt');

    expect(dump.jvm?.javaMajor).toBe(25);
    expect(thread(dump, 'C2 CompilerThread0')).toEqual({
      name: 'C2 CompilerThread0',
      number: 17,
      daemon: true,
      cpuMs: 303.23,
      elapsedSeconds: 4.36,
      nid: 13238,
      state: 'RUNNABLE',
      compiling: '243 4 NotificationWarmup::render (123 bytes)',
      frames: [],
    });
    expect(jstackParser.summarize(dump)).toContain('most CPU: C2 CompilerThread0 303 ms');
  });

  it('reads a headerless Java 8 dump: hex nid, no cpu=, HotSpot 25.x is Java 8', () => {
    // Prepare
    const { command, text } = loadBlockFixture('captures/jstack/java8-study-imooc-headerless.txt');
    const bannerLine = text.split('\n').find((line) => jstackParser.banner?.test(line));

    // Act
    const result = jstackParser.parse(text, command);

    // Assess
    expect(command).toBeNull();
    expect(bannerLine).toBe(
      'Full thread dump Java HotSpot(TM) 64-Bit Server VM (25.101-b13 mixed mode):',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.jvm).toEqual({
      vm: 'Java HotSpot(TM) 64-Bit Server VM',
      version: '25.101-b13',
      javaMajor: 8,
    });
    expect(result.data.threads).toHaveLength(16);
    expect(thread(result.data, 'C2 CompilerThread0')).toEqual({
      name: 'C2 CompilerThread0',
      number: 6,
      daemon: true,
      nid: 0x2f64,
      state: 'RUNNABLE',
      frames: [],
    });
    expect(thread(result.data, 'main').frames).toHaveLength(8);
    expect(thread(result.data, 'VM Thread')).toEqual({
      name: 'VM Thread',
      daemon: false,
      nid: 0x2998,
      state: 'runnable',
      frames: [],
    });
    expect(jstackParser.summarize(result.data)).toContain('no per-thread cpu=');
  });

  it('reads the last of several dumps and notices a deadlock report', () => {
    // Prepare: two real dumps back to back, as `kill -3` twice leaves them in a log
    const java8 = loadBlockFixture('captures/jstack/java8-study-imooc-headerless.txt').text;
    const jdk17 = loadBlockFixture('captures/jstack/this-machine-jdk17-warmup.txt').text;
    const text = `${java8}\n${jdk17}\nFound one Java-level deadlock:\n=============================\n`;

    // Act
    const result = jstackParser.parse(text, 'kill -3 6629');

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.dumpCount).toBe(2);
    expect(result.data.jvm?.javaMajor).toBe(17);
    expect(result.data.threads).toHaveLength(28);
    expect(result.data.deadlock).toBe(true);
  });

  it('keeps quotes and spaces inside thread names', () => {
    const result = jstackParser.parse(
      '"pool "a" daemon-ish worker" #31 prio=5 os_prio=0 cpu=10.00ms elapsed=1.00s tid=0x00007f00 nid=0x10 runnable  [0x0]\n',
      'jstack 1',
    );

    expect(result.ok && result.data.threads[0]).toMatchObject({
      name: 'pool "a" daemon-ish worker',
      daemon: false,
      nid: 16,
    });
  });

  it('matches jstack, jcmd Thread.print and kill -3 commands only', () => {
    for (const command of [
      'jstack 6629',
      'jstack -l -e 6629',
      'jcmd 6629 Thread.print',
      'jhsdb jstack --pid 6629',
      'kill -3 6629',
      'kill -QUIT 6629',
    ]) {
      expect(jstackParser.matchCommand(command), command).toBe(true);
    }
    for (const command of ['jcmd 6629 GC.heap_info', 'jstat -gc 6629', 'kill -9 6629', 'top -H']) {
      expect(jstackParser.matchCommand(command), command).toBe(false);
    }
  });

  it('says why when the text is not a thread dump', () => {
    for (const text of [
      '',
      'garbage',
      "6629: Unable to open socket file /proc/6629/root/tmp/.java_pid6629: target process 6629 doesn't respond within 10500ms or HotSpot VM not loaded",
      '    37.21%  node     [kernel.kallsyms]  [k] el0_svc_common',
      '{"Reservations": []}',
    ]) {
      const result = jstackParser.parse(text, 'jstack 6629');
      expect(result, text).toEqual({
        ok: false,
        error: expect.stringMatching(/not a HotSpot thread dump/),
      });
    }
    expect(
      jstackParser.parse('Full thread dump OpenJDK 64-Bit Server VM (17 mixed mode):\n', null),
    ).toEqual({
      ok: false,
      error: expect.stringMatching(/banner but no thread header/),
    });
  });

  it('reads the CPU between two dumps pasted together, and the JVM’s age (this machine)', () => {
    // Act
    const dump = parseFixture('this-machine-jdk17-two-dumps.txt');

    // Assess
    expect(dump.dumpCount).toBe(2);
    // main: 1074.92 → 3704.98 ms over 4.06 → 10.54 s elapsed.
    expect(thread(dump, 'main').recentCpuPercent).toBe(40.6);
    expect(thread(dump, 'main').recentSeconds).toBe(6.48);
    // C2: 968.31 → 1377.50 ms over 3.97 → 10.46 s: 6.3% now, though 13% over its life.
    expect(thread(dump, 'C2 CompilerThread0').recentCpuPercent).toBe(6.3);
    expect(dump.ageSeconds).toBe(10.54);
  });

  it('gives no recent CPU from one dump, nor across dumps under a second apart', () => {
    const one = parseFixture('this-machine-jdk17-jcmd-thread-print.txt');
    const header = (cpu: string, elapsed: string) =>
      `"main" #1 prio=5 os_prio=0 cpu=${cpu}ms elapsed=${elapsed}s tid=0x1 nid=0x7 runnable`;
    const twoDumps = (elapsed: string) =>
      [
        'Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode):',
        header('100.00', '10.00'),
        'Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode):',
        header('600.00', elapsed),
      ].join('\n');

    const close = jstackParser.parse(twoDumps('10.99'), null);
    const apart = jstackParser.parse(twoDumps('11.00'), null);

    expect(one.threads.every((t) => t.recentCpuPercent === undefined)).toBe(true);
    expect(close.ok && close.data.threads[0]?.recentCpuPercent).toBeUndefined();
    expect(apart.ok && apart.data.threads[0]?.recentCpuPercent).toBe(50);
  });

  it('reads a thread header pasted alone, recognised by its banner (IcedTea-Web#968)', () => {
    const { text } = loadBlockFixture('captures/jstack/adoptium-1260-c2-thread-only.txt');
    const first = text.split('\n')[0] ?? '';

    const dump = parseFixture('adoptium-1260-c2-thread-only.txt');

    expect(jstackParser.banner?.test(first)).toBe(true);
    expect(jstackParser.banner?.test('"quoted" words prio=5 in prose')).toBe(false);
    expect(thread(dump, 'C2 CompilerThread0')).toMatchObject({ nid: 452, cpuMs: 565781.78 });
    expect(dump.ageSeconds).toBe(20247.84);
  });

  it('never throws, whatever the text', () => {
    const fragments = fc.constantFrom(
      'Full thread dump OpenJDK 64-Bit Server VM (21.0.2+13 mixed mode):',
      '"main" #1 [7] prio=5 os_prio=0 cpu=5.0ms elapsed=1.0s tid=0x1 nid=7 runnable',
      '"x" os_prio=0 tid=0x1 nid=0xzz runnable',
      '"main" #1 [7] prio=5 os_prio=0 cpu=9.0ms elapsed=3.0s tid=0x1 nid=7 runnable',
      '   java.lang.Thread.State: RUNNABLE',
      '\tat Foo.bar(Foo.java:1)',
      '   Compiling:',
      '"',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const result = jstackParser.parse(parts.join('\n'), null);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('stays linear on a long header-like line', () => {
    const text = `"${'" '.repeat(100_000)}`;

    expect(() => jstackParser.parse(text, null)).not.toThrow();

    // No clock: a quadratic scan or a backtracking regex would run past the test timeout.
  });
});
