import { lines, round2 } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

/** One thread of a HotSpot thread dump. */
export interface JvmThread {
  /** `C2 CompilerThread0`, `notification-async-3`, `GC Thread#0`. */
  name: string;
  /** The `#12` Java thread number; absent for VM-internal threads (GC, VM Thread, compiler on 8). */
  number?: number;
  daemon: boolean;
  /** CPU time the thread has used (`cpu=51234.56ms`, Java 11+). */
  cpuMs?: number;
  /** Seconds since the thread started (`elapsed=120.33s`, Java 11+). */
  elapsedSeconds?: number;
  /**
   * The Linux thread id, in decimal: what `top -H` shows in its PID column. Dumps before JDK 19
   * print it in hex (`nid=0x2a4f` → 10831); JDK 19+ print it in decimal (`nid=13238`).
   */
  nid: number;
  /**
   * `java.lang.Thread.State` (`RUNNABLE`, `WAITING (parking)`, `TIMED_WAITING (sleeping)`), or
   * the header's own words (`runnable`, `waiting on condition`) for VM threads that have none.
   */
  state: string;
  /** The method a compiler thread was compiling (`Compiling:  243  4  Foo::bar (123 bytes)`). */
  compiling?: string;
  /** The first frames (`at …` lines without `at `), at most {@link MAX_FRAMES}. */
  frames: string[];
  /**
   * With two dumps of the same JVM pasted together: the thread's CPU between them, percent of
   * one core (Δcpu ÷ Δelapsed): what it does now, where `cpu=` alone is a lifetime average.
   */
  recentCpuPercent?: number;
  /** The seconds between the two dumps that {@link recentCpuPercent} averages over. */
  recentSeconds?: number;
}

/** The JVM that printed the dump, from `Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 …):`. */
export interface JvmVersion {
  /** `OpenJDK 64-Bit Server VM`, `Java HotSpot(TM) 64-Bit Server VM`. */
  vm: string;
  /** As printed: `17.0.15+6-Debian-1deb12u1`, or the HotSpot build on Java 8 (`25.101-b13`). */
  version: string;
  /** The Java release (17; HotSpot 25.x → 8, 24.x → 7), when the version says it. */
  javaMajor?: number;
}

export interface ThreadDump {
  jvm?: JvmVersion;
  /** The time line jstack prints above the dump (`2026-11-22 20:39:05`), when present. */
  dumpedAt?: string;
  threads: JvmThread[];
  /** Whether the JVM reported `Found one Java-level deadlock` / `Found N deadlocks`. */
  deadlock: boolean;
  /** `Full thread dump` banners seen; when several (repeated `kill -3`), the last dump is read. */
  dumpCount: number;
  /**
   * The JVM's age at the dump: the longest `elapsed=` (the first threads start with the JVM).
   * Absent before Java 11, which prints no `elapsed=`.
   */
  ageSeconds?: number;
}

/** Frames kept per thread: enough to name the hot method, bounded for huge dumps. */
export const MAX_FRAMES = 8;

const BANNER = 'Full thread dump ';
const DATE_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*$/;
/** The quote that closes the name: followed by `#12`, `daemon`, `prio=` or `os_prio=`. */
const NAME_END = /"\s+(?:#\d|daemon\s|prio=|os_prio=)/;

const javaMajor = (version: string): number | undefined => {
  const hotspot = /^(\d+)\.\d+-b\d+/.exec(version);
  // Java 8 and 7 print the HotSpot build (25.101-b13), not the release.
  if (hotspot) return hotspot[1] === '25' ? 8 : hotspot[1] === '24' ? 7 : undefined;
  const release = /^(\d+)(?:[.+-]|$)/.exec(version);
  const major = release ? Number(release[1]) : Number.NaN;
  return major >= 9 && major < 100 ? major : undefined;
};

/** `Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):` → vm, version. */
const jvmVersion = (line: string): JvmVersion => {
  const body = line.slice(BANNER.length).trim().replace(/:$/, '');
  const open = body.indexOf(' (');
  if (open < 0 || !body.endsWith(')')) return { vm: body, version: '' };
  const version = body
    .slice(open + 2, -1)
    .replace(/\s+(?:mixed|interpreted|compiled) mode\b.*$/, '');
  const jvm: JvmVersion = { vm: body.slice(0, open), version };
  const major = javaMajor(version);
  if (major !== undefined) jvm.javaMajor = major;
  return jvm;
};

/** `"name" #7 [13238] daemon prio=9 os_prio=0 cpu=303.23ms elapsed=4.36s tid=0x… nid=… state [0x…]` */
const threadHeader = (line: string): JvmThread | null => {
  if (!line.startsWith('"')) return null;
  const nameEnd = line.slice(1).search(NAME_END) + 1;
  if (nameEnd <= 0) return null;
  const rest = line.slice(nameEnd + 1);
  const nid = /\bnid=(0x[0-9a-f]+|\d+)\b/i.exec(rest);
  if (!nid?.[1]) return null;
  const id = nid[1].startsWith('0x') ? Number.parseInt(nid[1].slice(2), 16) : Number(nid[1]);
  const beforeTid = rest.split(/\btid=/)[0] ?? rest;
  const thread: JvmThread = {
    name: line.slice(1, nameEnd),
    daemon: /(?:^|\s)daemon(?:\s|$)/.test(beforeTid),
    nid: id,
    state: rest
      .slice(nid.index + nid[0].length)
      .replace(/\[0x[0-9a-f]+\]/i, '')
      .trim(),
    frames: [],
  };
  const number = /(?:^|\s)#(\d+)\b/.exec(beforeTid);
  if (number) thread.number = Number(number[1]);
  const cpu = /\bcpu=(\d+(?:\.\d+)?)ms\b/.exec(beforeTid);
  if (cpu) thread.cpuMs = Number(cpu[1]);
  const elapsed = /\belapsed=(\d+(?:\.\d+)?)s\b/.exec(beforeTid);
  if (elapsed) thread.elapsedSeconds = Number(elapsed[1]);
  return thread;
};

/** What a thread had used at the previous dump, by nid. */
type Earlier = Map<number, { name: string; cpuMs: number; elapsedSeconds: number }>;

const earlierOf = (threads: JvmThread[]): Earlier => {
  const earlier: Earlier = new Map();
  for (const t of threads) {
    if (t.cpuMs === undefined || t.elapsedSeconds === undefined) continue;
    earlier.set(t.nid, { name: t.name, cpuMs: t.cpuMs, elapsedSeconds: t.elapsedSeconds });
  }
  return earlier;
};

/** Δcpu ÷ Δelapsed for each thread seen in both dumps (same nid and name: nids are reused). */
const addRecentCpu = (threads: JvmThread[], earlier: Earlier): void => {
  for (const t of threads) {
    const before = earlier.get(t.nid);
    if (!before || before.name !== t.name) continue;
    if (t.cpuMs === undefined || t.elapsedSeconds === undefined) continue;
    const seconds = t.elapsedSeconds - before.elapsedSeconds;
    // elapsed= has two decimals: under a second apart the rate is mostly rounding.
    if (seconds < 1 || t.cpuMs < before.cpuMs) continue;
    t.recentCpuPercent = Math.round(((t.cpuMs - before.cpuMs) / 10 / seconds) * 10) / 10;
    t.recentSeconds = round2(seconds);
  }
};

/** A thread header pasted alone: `"C2 CompilerThread0" #14 [452] daemon prio=9 os_prio=0 cpu=… nid=452 …`. */
const THREAD_BANNER =
  /^"[^"]+"\s+(?:#\d+\s+)?(?:\[\d+\]\s+)?(?:daemon\s+)?(?:prio=\d+\s+)?os_prio=-?\d+\s.*\bnid=(?:0x[0-9a-f]+|\d+)\b/i;

export const jstackParser: ToolParser<ThreadDump> = {
  tool: 'jstack',
  matchCommand: (command) =>
    /^(?:jstack\b|jhsdb\s+jstack\b|jcmd\s+\S+\s+Thread\.print\b|kill\s+-(?:3|QUIT|SIGQUIT)\b)/.test(
      command,
    ),
  banner: new RegExp(`^Full thread dump\\b|${THREAD_BANNER.source}`, 'i'),
  parse(text) {
    const dump: ThreadDump = { threads: [], deadlock: false, dumpCount: 0 };
    let current: JvmThread | undefined;
    let lastDate: string | undefined;
    let earlier: Earlier = new Map();

    for (const raw of lines(text)) {
      const line = raw.trimEnd();
      if (line.startsWith(BANNER)) {
        // A log with several dumps (`kill -3` twice): the latest one says what runs now.
        dump.dumpCount += 1;
        if (dump.threads.length > 0) earlier = earlierOf(dump.threads);
        dump.threads = [];
        current = undefined;
        dump.jvm = jvmVersion(line);
        if (lastDate !== undefined) dump.dumpedAt = lastDate;
        continue;
      }
      if (DATE_LINE.test(line)) {
        lastDate = line.trim();
        continue;
      }
      const thread = threadHeader(line);
      if (thread) {
        dump.threads.push(thread);
        current = thread;
        continue;
      }
      if (/^Found (?:one|\d+) (?:Java-level )?deadlocks?/.test(line)) dump.deadlock = true;
      if (!current) continue;
      const trimmed = line.trim();
      if (trimmed === '') continue;
      const state = /^java\.lang\.Thread\.State:\s*(.+)$/.exec(trimmed);
      if (state?.[1]) {
        current.state = state[1];
      } else if (trimmed.startsWith('at ')) {
        if (current.frames.length < MAX_FRAMES) current.frames.push(trimmed.slice(3));
      } else if (trimmed.startsWith('Compiling:')) {
        current.compiling = trimmed.slice('Compiling:'.length).trim().replace(/\s+/g, ' ');
      } else if (!/^(?:-|Locked ownable synchronizers:|No compile task)/.test(trimmed)) {
        // Anything else (JNI refs, a heap summary, application log lines) ends the thread.
        current = undefined;
      }
    }

    addRecentCpu(dump.threads, earlier);
    const ages = dump.threads.flatMap((t) => t.elapsedSeconds ?? []);
    if (ages.length > 0) dump.ageSeconds = Math.max(...ages);
    if (dump.threads.length === 0) {
      return fail(
        dump.dumpCount > 0
          ? 'a "Full thread dump" banner but no thread header ("name" … nid=0x…) after it'
          : 'no thread header ("name" #1 prio=5 … nid=0x…) found: not a HotSpot thread dump',
      );
    }
    return ok(dump);
  },
  summarize(d) {
    const daemons = d.threads.filter((t) => t.daemon).length;
    const busiest = d.threads
      .filter((t) => t.cpuMs !== undefined)
      .sort((a, b) => (b.cpuMs ?? 0) - (a.cpuMs ?? 0))
      .slice(0, 3)
      .map((t) => `${t.name} ${Math.round(t.cpuMs ?? 0)} ms`);
    const jvm = d.jvm ? `Java ${d.jvm.javaMajor ?? d.jvm.version}, ` : '';
    const cpu = busiest.length > 0 ? `; most CPU: ${busiest.join(', ')}` : '; no per-thread cpu=';
    const recent = d.threads
      .filter((t) => t.recentCpuPercent !== undefined)
      .sort((a, b) => (b.recentCpuPercent ?? 0) - (a.recentCpuPercent ?? 0))
      .slice(0, 3)
      .map((t) => `${t.name} ${t.recentCpuPercent}%`);
    const between = recent.length > 0 ? `; between dumps: ${recent.join(', ')}` : '';
    const age = d.ageSeconds !== undefined ? `, up ${Math.round(d.ageSeconds)} s` : '';
    return `${jvm}${d.threads.length} threads (${daemons} daemon)${age}${cpu}${between}${d.deadlock ? '; DEADLOCK' : ''}`;
  },
};
