import { PARENT_PID_ENV, runToCompletion, startProgram } from './program.js';
import type { Scenario } from './types.js';

/**
 * A fresh JVM whose compiler is its hottest thread, as in seed 004 (`C2 CompilerThread` at
 * 50–90 % in `top -H`, request threads at 1–3 %).
 *
 * New code keeps arriving: the main thread loads a fresh copy of a generated class `Hot` into a
 * new class loader every round (to the JVM every copy is new code to compile, as after a
 * deploy), calls each of its methods, and moves on. It does so for COMPILE_SECONDS, then keeps
 * calling the last, compiled copy at a trickle: warm.
 *
 * Why these flags:
 * - Left to tiered compilation, the main thread interpreting and C1-profiling the code was as
 *   hot as C2 on this 2-core box (main 39–75 vs C2 26–29 ticks per 2.5 s), so "which thread is
 *   hottest" was a coin toss. `-Xcomp` compiles every method before its first run, so the
 *   caller waits on the compiler, as request threads wait on a JVM that is still warming up.
 * - `compileonly,Hot::*` limits that to our code: the JDK stays interpreted, so the JVM is
 *   ready in ~0.5 s instead of ~18 s for a whole-JVM `-Xcomp` start on the loaded box.
 * - `-XX:-TieredCompilation -XX:CICompilerCount=1`: a single C2 thread, `C2 CompilerThread0`,
 *   is the hot one, and the scenario stays within one core on a 2-core machine.
 * - Serial GC and a small heap: few threads and little memory besides the compiler.
 */
const COMPILE_SECONDS = 90;
const METHODS = 16;
const CASES = 8;
const CALLS_PER_METHOD = 100;

const JVM_FLAGS = [
  '-Xcomp',
  '-XX:-TieredCompilation',
  '-XX:CICompilerCount=1',
  '-XX:CompileCommand=quiet',
  '-XX:CompileCommand=compileonly,Hot::*',
  '-XX:+UseSerialGC',
  '-Xmx64m',
];

// C1 only and no annotation processing: javac itself starts faster (it is a short-lived JVM).
const JAVAC_FLAGS = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', '-proc:none', '-g:none'];

const KERNEL_JAVA = `public interface Kernel {
  long call(int method, long seed);
}
`;

/**
 * `Hot`: METHODS methods, each a loop over a small array with a CASES-way switch inside.
 * Cheap to run, costly for C2 to compile (loop opts over a switch), so compiling dominates.
 */
export const hotJava = (methods = METHODS, cases = CASES): string => {
  const out: string[] = ['public final class Hot implements Kernel {'];
  out.push('  private final long[] values = new long[32];');
  out.push('  public long call(int method, long seed) {', '    switch (method) {');
  for (let m = 0; m < methods; m++) out.push(`      case ${m}: return m${m}(seed, values);`);
  out.push('      default: return seed;', '    }', '  }');
  for (let m = 0; m < methods; m++) {
    out.push(
      `  private static long m${m}(long seed, long[] v) {`,
      `    long a = seed ^ ${m * 7919}L, b = seed + ${m * 104729}L;`,
      '    for (int j = 0; j < v.length; j++) {',
      '      long x = v[j] + j;',
      `      switch ((int) ((x ^ a) & ${cases - 1})) {`,
    );
    for (let c = 0; c < cases; c++) {
      const k = ((m * 131 + c * 17) % 61) + 1;
      const multiplier = 6364136223846793005n + BigInt(m * 1000 + c);
      out.push(
        `        case ${c}: a = a * ${multiplier}L + x; b ^= Long.rotateLeft(a, ${k}); break;`,
      );
    }
    out.push(
      '        default: break;',
      '      }',
      `      v[j] = a ^ (b >>> ${(m % 31) + 1});`,
      '    }',
      '    return a ^ b;',
      '  }',
    );
  }
  out.push('}', '');
  return out.join('\n');
};

// No lambdas, method references or string concatenation: with the JDK interpreted, each
// invokedynamic bootstrap would cost the start hundreds of milliseconds.
const MAIN_JAVA = `import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

public final class JitWarmup {
  static volatile long sink;

  /** Each copy of Hot gets its own loader, so to the JVM each copy is new code. */
  static final class CopyLoader extends ClassLoader {
    CopyLoader() {
      super(JitWarmup.class.getClassLoader());
    }

    Kernel load(byte[] bytes) throws ReflectiveOperationException {
      return (Kernel) defineClass("Hot", bytes, 0, bytes.length).getDeclaredConstructor().newInstance();
    }
  }

  /** Ends the JVM when its parent is gone (reparented): the CLI died without stopping us. */
  static final class Watchdog implements Runnable {
    private final long parent;
    private final File dir;

    Watchdog(long parent, File dir) {
      this.parent = parent;
      this.dir = dir;
    }

    public void run() {
      while (true) {
        Optional<ProcessHandle> now = ProcessHandle.current().parent();
        if (!now.isPresent() || now.get().pid() != parent) {
          delete(dir);
          Runtime.getRuntime().halt(137);
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private static void delete(File file) {
      File[] children = file.listFiles();
      if (children != null) {
        for (File child : children) delete(child);
      }
      file.delete();
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String parent = System.getenv("${PARENT_PID_ENV}");
    if (parent != null) {
      Thread watchdog = new Thread(new Watchdog(Long.parseLong(parent), dir.toFile()), "parent-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
    }
    byte[] hot = Files.readAllBytes(dir.resolve("Hot.class"));
    long compileUntil = System.nanoTime() + ${COMPILE_SECONDS}L * 1_000_000_000L;
    Kernel kernel = new CopyLoader().load(hot);
    System.out.println("ready");
    System.out.flush();
    long acc = 0;
    while (true) {
      boolean warming = System.nanoTime() < compileUntil;
      if (warming) kernel = new CopyLoader().load(hot);
      for (int m = 0; m < ${METHODS}; m++) {
        for (int i = 0; i < ${CALLS_PER_METHOD}; i++) acc += kernel.call(m, acc + i);
      }
      sink = acc;
      if (!warming) Thread.sleep(200);
    }
  }
}
`;

const REQUIRES = ['java', 'javac'];

export const jitWarmup: Scenario = {
  id: 'jit-warmup',
  title: 'JIT warm-up (a fresh JVM compiling)',
  expectedCause: 'jit-warmup',
  explains:
    'A fresh JVM compiling code that keeps arriving, so `C2 CompilerThread0` is its hottest thread while the application thread waits: the after-deploy CPU spike of seed 004.',
  requires: REQUIRES,
  settleMs: 1_000,
  start: (options) =>
    startProgram(
      {
        scenarioId: 'jit-warmup',
        requires: REQUIRES,
        files: { 'Kernel.java': KERNEL_JAVA, 'Hot.java': hotJava(), 'JitWarmup.java': MAIN_JAVA },
        prepare: (dir, signal) =>
          runToCompletion(
            'jit-warmup',
            'javac',
            [...JAVAC_FLAGS, '-d', dir, 'Kernel.java', 'Hot.java', 'JitWarmup.java'],
            { cwd: dir, signal },
          ),
        command: 'java',
        args: (dir) => [...JVM_FLAGS, '-cp', dir, 'JitWarmup', dir],
        // javac can take 15 s on a loaded 2-core box; the JVM is then ready in under a second.
        readyTimeoutMs: 20_000,
      },
      options,
    ),
};
