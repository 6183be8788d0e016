import { lines } from './text.js';
import { fail, ok, type ToolParser } from './types.js';

export type KernelEventKind =
  | 'oom-kill'
  | 'oom-invoked'
  | 'hung-task'
  | 'soft-lockup'
  | 'kswapd'
  | 'mem-info';

/**
 * What killed the process of an `oom-kill`: the kernel's OOM killer (absent), or a user-space killer
 * acting on memory pressure before the kernel would: systemd-oomd (Fedora, Ubuntu ≥ 22.04) or earlyoom.
 */
export type OomKiller = 'systemd-oomd' | 'earlyoom';

/** Something the kernel (or a user-space OOM killer) said that bears on a CPU or memory incident. */
export interface KernelEvent {
  kind: KernelEventKind;
  /** oom-kill by a user-space killer; absent when the kernel's OOM killer killed. */
  killer?: OomKiller;
  /** The systemd unit whose process was killed (`systemd[1]: x.service: … killed by the OOM killer`, systemd-oomd). */
  unit?: string;
  /**
   * The line the event was read from, without its timestamp. An OOM kill reported over several
   * lines (`oom-kill:…`, `Out of memory: Kill process … score`, `Killed process …`) is one event
   * holding the line with the most detail.
   */
  line: string;
  /** As printed: `12345.678901` (seconds since boot), `Sun Nov 22 09:12:03 2026`, `Nov 22 09:12:03`. */
  time?: string;
  pid?: number;
  /** The task's comm (at most 15 characters, as the kernel truncates it). */
  process?: string;
  /** oom-kill: anon + file + shmem resident memory of the killed process. */
  rssKiB?: number;
  anonRssKiB?: number;
  fileRssKiB?: number;
  shmemRssKiB?: number;
  totalVmKiB?: number;
  uid?: number;
  oomScoreAdj?: number;
  /** oom-kill (kernels before 5.0): the badness score of the chosen process (`selectedPid` when set). */
  score?: number;
  /**
   * oom-kill: the process the killer chose when it then killed one of its children instead
   * (`Kill process 16929 (beam.smp) score 580 or sacrifice child` / `Killed process 28364 (sh)`).
   */
  selectedPid?: number;
  selectedProcess?: string;
  /** oom-kill, oom-invoked: `cgroup` when a memory cgroup hit its limit, `system` when the host ran out. */
  scope?: 'system' | 'cgroup';
  /** The memory cgroup: `task_memcg=` of `oom-kill:`, or the limit named by `Task in … killed`. */
  memcg?: string;
  /** oom-invoked in a cgroup: `memory: usage 1048576kB, limit 1048576kB`. */
  usageKiB?: number;
  limitKiB?: number;
  /** oom-invoked: `gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE)` and `order=0`, as printed. */
  gfpMask?: string;
  order?: number;
  /** hung-task: seconds blocked; soft-lockup: seconds stuck. */
  seconds?: number;
  /** soft-lockup: the CPU that was stuck. */
  cpu?: number;
  /** mem-info: from the dump's `Free swap  = 0kB` and `Total swap = 0kB` lines. */
  freeSwapKiB?: number;
  totalSwapKiB?: number;
}

/**
 * `dmesg`, `journalctl` (`-k` or not), `/var/log/messages`, `/var/log/syslog`, `kern.log` and pastes of
 * their lines, with the OOM kills systemd-oomd and earlyoom report there too.
 */
export interface KernelLog {
  events: KernelEvent[];
  /** Lines that carried a kernel log timestamp or `kernel:` tag: how much kernel log was read. */
  lines: number;
  /** The log was read and held nothing: `-- No entries --`, or a filtering grep that printed nothing. */
  empty: boolean;
}

// Kernel lines can be long (`Modules linked in: …`); events are always near the start.
const MAX_LINE = 4096;

const GREP_FILE = /^\S+?:(?=[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d |\d{4}-\d\d-\d\d[T ]\d\d:)/;
const DMESG_X =
  /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local\d)\s*:\s*(?:emerg|alert|crit|err|warn|notice|info|debug)\s*:\s?/;
// `Dec  3 10:11:12 host prog[pid]: `, month names in any locale (`апр 28`, `avril 16`), the host left
// out (`journalctl` of one machine pasted without it), or ISO time (`-o short-iso`, rsyslog).
const SYSLOG =
  /^((?:\p{L}{3,6}\.?\s+\d{1,2}\s+)?\d{2}:\d{2}:\d{2}(?:\.\d+)?|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+(?:\S+\s+)??([\w.@-]+?)(?:\[\d+\])?:\s?/u;
/** `journalctl -o short-monotonic` without a host: `[   77.7] systemd-oomd[659]: `. */
const BRACKET_PROGRAM = /^([\w.@-]+)\[\d+\]:\s?/;
const ISO_DMESG = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[,.]\d+[+-]\d{2}:?\d{2})\s+/;
const BRACKET = /^\[\s*(\d+\.\d+|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})\s*\]\s?/;
const CALLER = /^\[\s*[TC]\d+\]\s?/;
const WALL = /^kernel:\s?/;
const JOURNAL_MARK = /^-- (?:No entries|Logs begin at|Journal begins at|Boot [0-9a-f]+) /;

interface Stamped {
  body: string;
  time?: string;
  /** A kernel log line by its prefix (a timestamp, `kernel:`); a bare pasted line is not. */
  kernel: boolean;
  /** The program of a syslog or journal line from something other than the kernel. */
  program?: string;
}

/** Peels grep, dmesg -x, syslog/journal and timestamp prefixes off a line. */
const unstamp = (raw: string): Stamped => {
  // Quote marks, code fences and list bullets that pasting into issues and chats adds.
  let s = (raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw)
    .replace(/^[\s>"'`*]+/, '')
    .trimEnd();
  let time: string | undefined;
  let kernel = false;
  const strip = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(s);
    if (m) s = s.slice(m[0].length);
    return m;
  };
  strip(GREP_FILE);
  if (strip(DMESG_X)) kernel = true;
  const syslog = strip(SYSLOG);
  if (syslog) {
    time = syslog[1];
    const program = syslog[2] ?? '';
    if (program !== 'kernel') return { body: s, time, kernel: false, program };
    kernel = true;
  } else if (strip(WALL)) {
    kernel = true;
  }
  const iso = strip(ISO_DMESG);
  if (iso) {
    time ??= iso[1];
    kernel = true;
  }
  const bracket = strip(BRACKET);
  if (bracket) {
    time ??= bracket[1]?.trim();
    const program = strip(BRACKET_PROGRAM);
    if (program)
      return {
        body: s,
        ...(time === undefined ? {} : { time }),
        kernel: false,
        program: program[1] ?? '',
      };
    kernel = true;
    strip(CALLER);
  }
  return { body: s.trimStart(), ...(time === undefined ? {} : { time }), kernel };
};

/** `26,184,840` → 26184840: some pastes group digits. */
const n = (token: string | undefined): number | undefined =>
  token === undefined ? undefined : Number(token.replace(/,/g, ''));

/** total-vm, anon/file/shmem-rss, UID, oom_score_adj and score from the tail of a kill line. */
const killDetails = (rest: string): Partial<KernelEvent> => {
  const d: Partial<KernelEvent> = {};
  const set = <K extends keyof KernelEvent>(key: K, value: KernelEvent[K] | undefined) => {
    if (value !== undefined && !Number.isNaN(value)) d[key] = value;
  };
  set('totalVmKiB', n(/total-vm:([\d,]+)kB/.exec(rest)?.[1]));
  set('anonRssKiB', n(/anon-rss:([\d,]+)kB/.exec(rest)?.[1]));
  set('fileRssKiB', n(/file-rss:([\d,]+)kB/.exec(rest)?.[1]));
  set('shmemRssKiB', n(/shmem-rss:([\d,]+)kB/.exec(rest)?.[1]));
  set('uid', n(/UID[: ](\d+)/.exec(rest)?.[1]));
  set('oomScoreAdj', n(/oom_score_adj:(-?\d+)/.exec(rest)?.[1]));
  set('score', n(/\bscore (\d+)/.exec(rest)?.[1]));
  if (d.anonRssKiB !== undefined) {
    d.rssKiB = d.anonRssKiB + (d.fileRssKiB ?? 0) + (d.shmemRssKiB ?? 0);
  }
  return d;
};

// Older kernels: `Out of memory: Kill process 1234 (java) score 900 or sacrifice child` then
// `Killed process 1234 (java) total-vm:…`; 5.0+: `Out of memory: Killed process 1234 (java) total-vm:…`.
// Process names may hold parentheses (`((resolved))`), hence the lookahead after `)`.
const OOM_PROCESS =
  /^(Memory cgroup out of memory|Out of memory(?: \(oom_kill_allocating_task\))?): (Kill|Killed) process (\d+) \((.+?)\)(?=[ ,]|$)(.*)$/;
// 2.6.32: `Killed process 21578, UID 503, (redis-server) total-vm:…`; 3.10-el7: `… (x), UID 0, total-vm`.
const KILLED = /^Killed process (\d+)(?:, UID (\d+),)? \((.+?)\)(?=[ ,]|$)(.*)$/;
const CONSTRAINT = /^oom-kill:(\S+)/;
const REAPED = /^oom_reaper: reaped process (\d+) \((.+?)\)(?=,|$)/;
const INVOKED = /^(.+?) invoked oom-killer: (.*)$/;
const CPU_PID = /^(?:CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (\S+)|Pid: (\d+), comm: (\S+))/;
const TASK_IN = /^Task in (\S+) killed as a result of limit of (\S+)/;
const MEMCG_USAGE = /^memory: usage (\d+)kB, limit (\d+)kB/;
const FREE_SWAP = /^Free swap\s*=\s*(\d+)kB/;
const TOTAL_SWAP = /^Total swap\s*=\s*(\d+)kB/;
const HUNG = /^INFO: task (.+):(\d+) blocked for more than (\d+) seconds/;
const SOFT_LOCKUP = /BUG: soft lockup\W+CPU#(\d+) stuck for (\d+)s!\s*\[(.+):(\d+)\]/;
const KSWAPD = /\b(kswapd\d*)\b/;
const STACK_FRAME = /\+0x[0-9a-f]+\/0x[0-9a-f]+/;
// systemd-oomd: `Killed /user.slice/…/x.scope due to memory pressure for /user.slice/… being 51.07% > 50.00% …`;
// systemd ≥ 256 first says `Marked /system.slice/x.service for killing due to …`. A pager may cut the line (`be>`).
const OOMD_KILL = /^(?:Killed|Marked) (\/\S+?)(?: for killing)? due to (.*)$/;
// systemd about a unit: the kernel's OOM killer killed one of its processes, or systemd-oomd killed N.
const UNIT_OOM =
  /^(\S+): (?:A process of this unit has been killed by the OOM killer|systemd-oomd killed \d+ process\(es\) in this unit)\.?$/;
// earlyoom ≥ 1.3: `sending SIGTERM to process 57834 uid 1000 "code": badness 866, VmRSS 5 MiB`; 1.2–1.3:
// `killing process 27541 "bash" with signal 15: badness 550, VmRSS 7609 MiB`; ≤ 1.1:
// `Killing process 'bash' with signal 15, pid: 5874, badness: 538, VmRSS: 3160 MiB`.
const EARLYOOM_KILL =
  /^(?:sending SIG\w+ to process (\d+)(?: uid (\d+))? "(.*?)":|killing process (\d+) "(.*?)" with signal \d+:|Killing process '(.*?)' with signal \d+, pid: (\d+),)(.*)$/;
// One cheap test first: most lines of a long dmesg are none of the above.
const MAYBE_EVENT =
  /oom|Out of memory|Killed process|Task in |memory: usage|Mem-Info|swap|INFO: task|soft lockup|kswapd|^CPU: |^Pid: |^dmesg: |^(?:Killed|Marked) \/|[Kk]illing process|^sending SIG|OOM killer/;
/** Programs whose syslog lines can tell of an OOM kill; other programs' lines are skipped. */
const OOM_PROGRAMS = /^(?:systemd|systemd-oomd|earlyoom)$/;
const FILTERED = /(?:^|\|\s*)(?:e|f|z)?grep\b|\s(?:--grep|-g)[\s=]/;

export const kernelLogParser: ToolParser<KernelLog> = {
  tool: 'kernel-log',
  matchCommand: (command) =>
    /^dmesg\b/.test(command) ||
    // Any journal: the kernel's OOM lines are in it, and systemd-oomd's and earlyoom's are only there.
    /^journalctl\b/.test(command) ||
    /^(?:cat|e?grep|zgrep|zcat|tail|head|less|more)\b.*(?:\/|\s)(?:messages|kern\.log|syslog)\b/.test(
      command,
    ) ||
    /^(?:e?grep|zgrep)\s.*\s\/var\/log\//.test(command),
  banner:
    /(?:invoked oom-killer: |Out of memory: Kill|Memory cgroup out of memory: Kill|\bKilled process \d+|oom-kill:constraint=|oom_reaper: reaped process|INFO: task \S.* blocked for more than \d+ seconds|BUG: soft lockup|\bMem-Info:\s*$|\bFree swap\s+= \d+kB|Task in \S+ killed as a result of limit|systemd-oomd\[\d+\]: (?:Killed|Marked) \/|: A process of this unit has been killed by the OOM killer|earlyoom\[\d+\]: |^(?:sending SIG\w+ to process \d+|killing process \d+ ".*" with signal)|^mem avail: +\d+ of +\d+ MiB)/,
  parse(text, command) {
    const events: KernelEvent[] = [];
    let kernelLines = 0;
    let noEntries = false;
    let dmesgError: string | undefined;
    // State of the OOM report being read, so its several lines make one event each.
    let invoked: { event: KernelEvent; at: number } | undefined;
    let kill: KernelEvent | undefined;
    let choosing = false; // `kill` came from `Kill process … score`, and its victim is yet to come
    let memInfo: KernelEvent | undefined;

    const add = (event: KernelEvent): KernelEvent => {
      events.push(event);
      return event;
    };
    const merge = (target: KernelEvent, from: Partial<KernelEvent>) => Object.assign(target, from);

    let otherLines = 0; // journal or syslog lines of other programs, earlyoom's own output
    let killAt = -1; // the line `kill` was read from
    const newKill = (event: KernelEvent, index: number): KernelEvent => {
      killAt = index;
      kill = add(event);
      return event;
    };

    /** earlyoom's kill line; its repeats for a process that would not exit are the same kill. */
    const earlyoom = (
      m: RegExpExecArray,
      body: string,
      at: Partial<KernelEvent>,
      index: number,
    ) => {
      const pid = Number(m[1] ?? m[4] ?? m[7]);
      const uid = n(m[2]);
      const vmRssMiB = n(/VmRSS:? (\d+) MiB/.exec(m[8] ?? '')?.[1]);
      if (kill?.killer === 'earlyoom' && kill.pid === pid) return;
      newKill(
        {
          kind: 'oom-kill',
          line: body,
          ...at,
          killer: 'earlyoom',
          scope: 'system',
          pid,
          process: m[3] ?? m[5] ?? m[6] ?? '',
          ...(uid === undefined ? {} : { uid }),
          ...(vmRssMiB === undefined ? {} : { rssKiB: vmRssMiB * 1024 }),
        },
        index,
      );
    };

    /** A line of systemd-oomd, systemd or earlyoom in a journal or syslog. */
    const userSpace = (body: string, at: Partial<KernelEvent>, index: number): void => {
      let m = OOMD_KILL.exec(body);
      if (m) {
        const memcg = m[1] ?? '';
        // Newer systemd-oomd says `Marked …` and may say `Killed …` of the same cgroup after it.
        if (kill?.killer === 'systemd-oomd' && kill.memcg === memcg) return;
        const unit = memcg.split('/').at(-1) ?? memcg;
        newKill(
          {
            kind: 'oom-kill',
            line: body,
            ...at,
            killer: 'systemd-oomd',
            scope: 'cgroup',
            memcg,
            unit,
            process: unit,
          },
          index,
        );
        return;
      }
      m = UNIT_OOM.exec(body);
      if (m) {
        const unit = m[1] ?? '';
        const byOomd = body.includes('systemd-oomd killed');
        // systemd follows a kill with its unit's name: name it on that kill rather than count it twice.
        const sameKiller = (kill?.killer === 'systemd-oomd') === byOomd;
        if (
          kill &&
          sameKiller &&
          index - killAt <= 40 &&
          (kill.unit === undefined || kill.unit === unit)
        ) {
          kill.unit ??= unit;
          return;
        }
        // It reports one kernel kill on every unit up the cgroup tree in the same second
        // (`user@1021.service`, `user-1021.slice`, `user.slice`): such a burst is one kill.
        const second = at.time?.slice(0, 19);
        if (
          kill &&
          UNIT_OOM.test(kill.line) &&
          second !== undefined &&
          kill.time?.slice(0, 19) === second
        ) {
          return;
        }
        newKill(
          {
            kind: 'oom-kill',
            line: body,
            ...at,
            ...(byOomd ? { killer: 'systemd-oomd' as const } : {}),
            unit,
            process: unit,
          },
          index,
        );
        return;
      }
      m = EARLYOOM_KILL.exec(body);
      if (m) earlyoom(m, body, at, index);
    };

    const all = lines(text);
    all.forEach((raw, index) => {
      const { body, time, kernel, program } = unstamp(raw);
      if (kernel) kernelLines++;
      if (program !== undefined) {
        otherLines++;
        if (OOM_PROGRAMS.test(program) && MAYBE_EVENT.test(body)) {
          userSpace(body, time === undefined ? {} : { time }, index);
        }
        return;
      }
      if (body === '') return;
      if (/^mem avail: +\d+ of +\d+ MiB/.test(body)) otherLines++;
      if (JOURNAL_MARK.test(body)) {
        kernelLines++;
        if (body.startsWith('-- No entries')) noEntries = true;
        return;
      }
      if (!MAYBE_EVENT.test(body)) return;
      const at = time === undefined ? {} : { time };
      let m = INVOKED.exec(body);
      if (m) {
        const rest = m[2] ?? '';
        const order = n(/\border=(\d+)/.exec(rest)?.[1]);
        const adj = n(/oom_score_adj=(-?\d+)/.exec(rest)?.[1]);
        const gfp = /gfp_mask=([^,\s]+)/.exec(rest)?.[1];
        const event = add({
          kind: 'oom-invoked',
          line: body,
          ...at,
          process: m[1] ?? '',
          ...(gfp === undefined ? {} : { gfpMask: gfp }),
          ...(order === undefined ? {} : { order }),
          ...(adj === undefined ? {} : { oomScoreAdj: adj }),
        });
        invoked = { event, at: index };
        kill = undefined;
        choosing = false;
        memInfo = undefined;
        return;
      }
      m = CPU_PID.exec(body);
      if (m) {
        // The stack dump after `invoked oom-killer` names the invoking task's PID.
        const pid = n(m[1] ?? m[3]);
        const comm = m[2] ?? m[4];
        const e = invoked?.event;
        if (e && e.pid === undefined && e.process === comm && invoked && index - invoked.at <= 3) {
          e.pid = pid;
        } else if (comm !== undefined && KSWAPD.test(comm)) {
          add({
            kind: 'kswapd',
            line: body,
            ...at,
            process: comm,
            ...(pid === undefined ? {} : { pid }),
          });
        }
        return;
      }
      m = TASK_IN.exec(body);
      if (m) {
        const target =
          invoked?.event ?? add({ kind: 'oom-invoked', line: body, ...at, scope: 'cgroup' });
        merge(target, { scope: 'cgroup', memcg: m[2] ?? '' });
        invoked ??= { event: target, at: index };
        return;
      }
      m = MEMCG_USAGE.exec(body);
      if (m) {
        if (invoked) {
          merge(invoked.event, { scope: 'cgroup', usageKiB: Number(m[1]), limitKiB: Number(m[2]) });
        }
        return;
      }
      m = CONSTRAINT.exec(body);
      if (m) {
        const kv = new Map<string, string>();
        for (const pair of (m[1] ?? '').split(',')) {
          const eq = pair.indexOf('=');
          kv.set(eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? '' : pair.slice(eq + 1));
        }
        const pid = n(kv.get('pid'));
        const uid = n(kv.get('uid'));
        const task = kv.get('task');
        const memcg = kv.get('task_memcg');
        const fields: Partial<KernelEvent> = {
          scope: kv.get('constraint') === 'CONSTRAINT_MEMCG' ? 'cgroup' : 'system',
          ...(pid === undefined || Number.isNaN(pid) ? {} : { pid }),
          ...(task === undefined ? {} : { process: task }),
          ...(uid === undefined || Number.isNaN(uid) ? {} : { uid }),
          ...(memcg === undefined ? {} : { memcg }),
        };
        if (kill && kill.pid === fields.pid) merge(kill, fields);
        else kill = newKill({ kind: 'oom-kill', line: body, ...at, ...fields }, index);
        choosing = false;
        return;
      }
      m = OOM_PROCESS.exec(body);
      if (m) {
        const pid = Number(m[3]);
        const cgroup = (m[1] ?? '').startsWith('Memory cgroup');
        const same = kill && kill.pid === pid ? kill : undefined;
        const scope =
          cgroup || (same?.scope ?? invoked?.event.scope) === 'cgroup' ? 'cgroup' : 'system';
        const fields: Partial<KernelEvent> = {
          pid,
          process: m[4] ?? '',
          scope,
          ...killDetails(m[5] ?? ''),
        };
        if (m[2] === 'Killed' && kill && kill.pid === pid) {
          merge(kill, { ...fields, line: body, ...at });
        } else {
          kill = newKill({ kind: 'oom-kill', line: body, ...at, ...fields }, index);
        }
        choosing = m[2] === 'Kill';
        return;
      }
      m = KILLED.exec(body);
      if (m) {
        const pid = Number(m[1]);
        const details = killDetails(m[4] ?? '');
        const uid = m[2] === undefined ? {} : { uid: Number(m[2]) };
        const fields: Partial<KernelEvent> = {
          pid,
          process: m[3] ?? '',
          ...details,
          ...uid,
          line: body,
          ...at,
        };
        if (kill && (kill.pid === pid || (choosing && kill.rssKiB === undefined))) {
          if (kill.pid !== pid) {
            merge(kill, {
              ...(kill.pid === undefined ? {} : { selectedPid: kill.pid }),
              ...(kill.process === undefined ? {} : { selectedProcess: kill.process }),
            });
          }
          merge(kill, fields);
        } else {
          const scope = invoked?.event.scope;
          kill = newKill(
            { kind: 'oom-kill', ...fields, line: body, ...(scope ? { scope } : {}) },
            index,
          );
        }
        choosing = false;
        return;
      }
      m = REAPED.exec(body);
      if (m) {
        const pid = Number(m[1]);
        if (!kill || kill.pid !== pid) {
          kill = newKill({ kind: 'oom-kill', line: body, ...at, pid, process: m[2] ?? '' }, index);
        }
        choosing = false;
        return;
      }
      if (/^Mem-Info:/.test(body)) {
        memInfo = add({ kind: 'mem-info', line: body, ...at });
        return;
      }
      m = FREE_SWAP.exec(body);
      if (m) {
        const freeSwapKiB = Number(m[1]);
        if (memInfo && memInfo.freeSwapKiB === undefined) memInfo.freeSwapKiB = freeSwapKiB;
        else memInfo = add({ kind: 'mem-info', line: body, ...at, freeSwapKiB });
        return;
      }
      m = TOTAL_SWAP.exec(body);
      if (m) {
        const totalSwapKiB = Number(m[1]);
        if (memInfo && memInfo.totalSwapKiB === undefined) memInfo.totalSwapKiB = totalSwapKiB;
        else memInfo = add({ kind: 'mem-info', line: body, ...at, totalSwapKiB });
        return;
      }
      m = HUNG.exec(body);
      if (m) {
        add({
          kind: 'hung-task',
          line: body,
          ...at,
          process: m[1] ?? '',
          pid: Number(m[2]),
          seconds: Number(m[3]),
        });
        return;
      }
      m = SOFT_LOCKUP.exec(body);
      if (m) {
        add({
          kind: 'soft-lockup',
          line: body,
          ...at,
          cpu: Number(m[1]),
          seconds: Number(m[2]),
          process: m[3] ?? '',
          pid: Number(m[4]),
        });
        return;
      }
      m = KSWAPD.exec(body);
      if (m && !STACK_FRAME.test(body)) {
        add({ kind: 'kswapd', line: body, ...at, process: m[1] ?? '' });
        return;
      }
      m = EARLYOOM_KILL.exec(body);
      if (m) {
        earlyoom(m, body, at, index);
        return;
      }
      if (/^dmesg: /.test(body)) dmesgError = body;
    });

    if (events.length > 0 || kernelLines > 0 || otherLines > 0) {
      return ok({ events, lines: kernelLines, empty: events.length === 0 && noEntries });
    }
    // `dmesg | grep -i oom` printing nothing is an answer: the kernel said nothing about it.
    const blank = all.every((l) => l.trim() === '');
    if (blank && command !== null && FILTERED.test(command)) {
      return ok({ events, lines: 0, empty: true });
    }
    return fail(dmesgError ?? (blank ? 'empty output' : 'no kernel log lines found'));
  },
  summarize: (d) => {
    if (d.events.length === 0)
      return d.empty ? 'no kernel messages' : `${d.lines} lines, no events`;
    const counts = new Map<KernelEventKind, number>();
    for (const e of d.events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    return [...counts].map(([kind, c]) => `${c} ${kind}`).join(', ');
  },
};
