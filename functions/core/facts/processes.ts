import { blocksOf, type Capture, type ParsedBlock } from '../capture/read.js';
import type { PidstatOutput, PidstatTask } from '../parsers/pidstat.js';
import type { ProcessRow } from '../parsers/ps.js';
import { sourceOf, stampSeconds } from './source.js';
import type { ProcessFacts, ThreadFacts } from './types.js';

/** `/usr/bin/node server.js` → `node`; a kernel thread `[kworker/u4:2]` keeps its whole name. */
const baseName = (command: string): string => {
  const trimmed = command.trim();
  const kernelThread = /^\[(.+)\]$/.exec(trimmed);
  if (kernelThread) return kernelThread[1] ?? trimmed;
  const first = trimmed.split(/\s+/)[0] ?? '';
  return first.replace(/^.*\//, '') || trimmed;
};

const upsert = (byPid: Map<number, ProcessFacts>, pid: number, source: string): ProcessFacts => {
  let p = byPid.get(pid);
  if (!p) {
    p = { pid, name: String(pid), cpuPercent: 0, source };
    byPid.set(pid, p);
  }
  return p;
};

/** A pipe into grep after the command: only the matching rows were kept. */
const GREPPED = /\|\s*(?:sudo\s+)?[ef]?grep\b/;

type PsBlock = ParsedBlock<'ps'>;

/** Whether a listing shows only the rows a filter kept (`ps aux | grep java`, bare rows). */
const filtered = (block: PsBlock): boolean =>
  block.data.headerless || GREPPED.test(block.command ?? '');

/** The filter's own process (`grep --color=auto java`), which a grepped listing shows too. */
const FILTER_ROW = /^(?:\S*\/)?[ef]?grep(?:\s|$)/;

/** A listing's rows, without the grep that filtered it. */
const listed = (block: PsBlock): ProcessRow[] =>
  filtered(block)
    ? block.data.rows.filter((r) => !FILTER_ROW.test(r.args ?? r.comm ?? ''))
    : block.data.rows;

/** top's last frame (not threads mode): the current %CPU of each process. */
const addTop = (capture: Capture, byPid: Map<number, ProcessFacts>, seen: Set<number>) => {
  const block = blocksOf(capture, 'top')
    .filter((b) => !b.data.threadsMode)
    .at(-1);
  const frame = block?.data.frames.at(-1);
  if (!block || !frame) return;
  for (const t of frame.processes) {
    const p = upsert(byPid, t.pid, sourceOf(block));
    p.cpuPercent = t.cpuPercent ?? p.cpuPercent;
    p.source = sourceOf(block);
    seen.add(t.pid);
    if (t.state) p.state = t.state;
    if (t.resKiB !== undefined) p.rssKiB = t.resKiB;
    if (t.user) p.user = t.user;
    if (t.threads !== undefined) p.threads = t.threads;
    if (t.command) {
      p.command = t.command;
      p.name = baseName(t.command);
    }
  }
};

/** htop's rows when no top frame listed processes: its %CPU is top's, per one core. */
const addHtop = (capture: Capture, byPid: Map<number, ProcessFacts>, seen: Set<number>) => {
  if (seen.size > 0) return;
  const block = blocksOf(capture, 'htop').at(-1);
  if (!block) return;
  // htop lists each userland thread as a row with its process's memory and command; rows that
  // share VIRT, RES, SHR and command are one process, its first (busiest) row kept.
  const processes = new Set<string>();
  for (const t of block.data.processes) {
    const key = `${t.virtKiB} ${t.resKiB} ${t.shrKiB} ${t.command}`;
    if (seen.has(t.pid) || (t.virtKiB !== undefined && processes.has(key))) continue;
    processes.add(key);
    const p = upsert(byPid, t.pid, sourceOf(block));
    p.cpuPercent = t.cpuPercent ?? p.cpuPercent;
    seen.add(t.pid);
    if (t.state) p.state = t.state;
    if (t.resKiB !== undefined) p.rssKiB = t.resKiB;
    if (t.user) p.user = t.user;
    if (t.command) {
      p.command = t.command;
      p.name = baseName(t.command);
    }
  }
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = 86_400;

/**
 * A dated row's age from its START (`ps aux`) or STIME (`ps -ef`): `HH:MM` within the last
 * day, `MonDD` within the year (taken at the day's noon: at most half a day off). A bare year
 * is too coarse to say.
 */
export const ageFromStart = (started: string, at: string): number | undefined => {
  const now = stampSeconds(at);
  if (now === undefined) return undefined;
  const day = Math.floor(now / DAY) * DAY;
  const clock = /^(\d{1,2}):(\d{2})$/.exec(started);
  if (clock) {
    const t = day + Number(clock[1]) * 3600 + Number(clock[2]) * 60;
    return t <= now ? now - t : now - (t - DAY);
  }
  const date = /^([A-Z][a-z]{2}) ?(\d{1,2})$/.exec(started);
  const month = MONTHS.indexOf(date?.[1] ?? '');
  if (!date || month < 0) return undefined;
  const year = new Date(now * 1000).getUTCFullYear();
  const noon = (y: number) => Date.UTC(y, month, Number(date[2]), 12) / 1000;
  const t = noon(year) <= now ? noon(year) : noon(year - 1);
  return now - t;
};

/** The process table: age, threads, RSS and the full command; %CPU only where top had none. */
const addPs = (capture: Capture, byPid: Map<number, ProcessFacts>, seen: Set<number>) => {
  for (const block of blocksOf(capture, 'ps')) {
    if (block.at !== null || block.data.threads) continue;
    for (const r of listed(block)) {
      if (r.pid === undefined) continue;
      const p = upsert(byPid, r.pid, sourceOf(block));
      if (!seen.has(r.pid) && r.cpuPercent !== undefined) p.cpuPercent = r.cpuPercent;
      if (r.comm) p.name = r.comm;
      else if (r.args && p.name === String(r.pid)) p.name = baseName(r.args);
      if (r.args) p.command = r.args;
      if (r.user) p.user = r.user;
      if (r.elapsedSeconds !== undefined) p.ageSeconds = r.elapsedSeconds;
      else if (r.started && r.at) p.ageSeconds = ageFromStart(r.started, r.at) ?? p.ageSeconds;
      if (r.threads !== undefined) p.threads = r.threads;
      if (r.rssKiB !== undefined) p.rssKiB = r.rssKiB;
      if (r.state && !p.state) p.state = r.state;
    }
  }
};

const addStatus = (capture: Capture, byPid: Map<number, ProcessFacts>) => {
  for (const block of blocksOf(capture, 'proc-status')) {
    const s = block.data;
    if (s.pid === null) continue;
    const p = upsert(byPid, s.pid, sourceOf(block));
    if (s.name && p.name === String(s.pid)) p.name = s.name;
    if (s.threads !== undefined) p.threads = s.threads;
    if (s.vmRssKiB !== undefined && p.rssKiB === undefined) p.rssKiB = s.vmRssKiB;
    if (s.caughtSignals) p.caughtSignals = s.caughtSignals;
    if (s.voluntaryCtxtSwitches !== undefined) p.voluntaryContextSwitches = s.voluntaryCtxtSwitches;
    if (s.nonvoluntaryCtxtSwitches !== undefined) {
      p.involuntaryContextSwitches = s.nonvoluntaryCtxtSwitches;
    }
  }
};

/** Two `/proc/PID/stat` samples give the user and kernel shares of a process's CPU. */
const addStatSamples = (capture: Capture, byPid: Map<number, ProcessFacts>, clkTck: number) => {
  const samples = new Map<number, { t: number; u: number; s: number; source: string }[]>();
  for (const block of blocksOf(capture, 'proc-stat')) {
    const t = stampSeconds(block.at);
    if (t === undefined) continue;
    const list = samples.get(block.data.pid) ?? [];
    list.push({ t, u: block.data.utimeTicks, s: block.data.stimeTicks, source: sourceOf(block) });
    samples.set(block.data.pid, list);
  }
  for (const [pid, list] of samples) {
    const first = list[0];
    const last = list.at(-1);
    if (!first || !last || last.t - first.t <= 0) continue;
    const p = byPid.get(pid);
    if (!p) continue;
    const span = last.t - first.t;
    p.userPercent = ((last.u - first.u) / clkTck / span) * 100;
    p.systemPercent = ((last.s - first.s) / clkTck / span) * 100;
  }
};

/**
 * The same `ps` pasted several times without `@ TIME` (two `$ ps -eo pid,etimes,rss,comm`),
 * or one paste of dated samples (`date; ps aux | grep java` in a loop): each process's RSS
 * per sample in order, and its growth per second where the samples' dates, or else its own
 * elapsed time (`etimes`/ELAPSED), say how far apart the samples were.
 */
const addUntimedRss = (capture: Capture, byPid: Map<number, ProcessFacts>) => {
  const untimed = blocksOf(capture, 'ps').filter((b) => b.at === null && !b.data.threads);
  const samples = new Map<number, { rss: number; elapsed?: number; t?: number }[]>();
  for (const block of untimed) {
    for (const r of listed(block)) {
      if (r.pid === undefined || r.rssKiB === undefined) continue;
      const list = samples.get(r.pid) ?? [];
      const t = stampSeconds(r.at ?? null);
      list.push({
        rss: r.rssKiB,
        ...(r.elapsedSeconds !== undefined ? { elapsed: r.elapsedSeconds } : {}),
        ...(t !== undefined ? { t } : {}),
      });
      samples.set(r.pid, list);
    }
  }
  for (const [pid, list] of samples) {
    const p = byPid.get(pid);
    const first = list[0];
    const last = list.at(-1);
    if (!p || !first || !last || list.length < 2) continue;
    p.rssSeriesKiB = list.map((s) => s.rss);
    if (p.rssGrowthKiBPerSecond !== undefined) continue;
    const dated = list.filter((s) => s.t !== undefined);
    const from = dated[0];
    const to = dated.at(-1);
    const datedSpan = from && to ? (to.t ?? 0) - (from.t ?? 0) : 0;
    if (from && to && datedSpan > 0) {
      p.rssGrowthKiBPerSecond = (to.rss - from.rss) / datedSpan;
      continue;
    }
    const span =
      first.elapsed !== undefined && last.elapsed !== undefined ? last.elapsed - first.elapsed : 0;
    if (span > 0) p.rssGrowthKiBPerSecond = (last.rss - first.rss) / span;
  }
};

/**
 * The same `top` pasted several times (two `$ top -b -n 1`): each frame's `top - HH:MM:SS`
 * times the samples, so RES per process gives a growth rate as two timed `ps` samples do.
 */
const addTopRssGrowth = (capture: Capture, byPid: Map<number, ProcessFacts>) => {
  const frames = blocksOf(capture, 'top')
    .filter((b) => !b.data.threadsMode)
    // One frame per paste: the frames of one `top -n 2` are a second apart, too close to judge.
    .flatMap((b) => b.data.frames.slice(-1))
    .filter((f) => f.time !== null && f.processes.length > 0);
  const first = frames[0];
  const last = frames.at(-1);
  const t0 = stampSeconds(first?.time ?? null);
  const t1 = stampSeconds(last?.time ?? null);
  if (!first || !last || t0 === undefined || t1 === undefined || t1 <= t0) return;
  const before = new Map(first.processes.map((t) => [t.pid, t.resKiB]));
  for (const t of last.processes) {
    const was = before.get(t.pid);
    const p = byPid.get(t.pid);
    if (!p || was === undefined || t.resKiB === undefined) continue;
    if (p.rssGrowthKiBPerSecond === undefined) {
      p.rssGrowthKiBPerSecond = (t.resKiB - was) / (t1 - t0);
    }
    p.rssSeriesKiB ??= frames.flatMap((f) => {
      const res = f.processes.find((x) => x.pid === t.pid)?.resKiB;
      return res === undefined ? [] : [res];
    });
  }
};

/** `ps -o pid,rss,… @ TIME` at the start and end of the capture: RSS growth per second. */
const addRssGrowth = (capture: Capture, byPid: Map<number, ProcessFacts>) => {
  const timed = blocksOf(capture, 'ps').filter((b) => b.at !== null);
  const first = timed[0];
  const last = timed.at(-1);
  const t0 = stampSeconds(first?.at ?? null);
  const t1 = stampSeconds(last?.at ?? null);
  if (!first || !last || t0 === undefined || t1 === undefined || t1 <= t0) return;
  const before = new Map(first.data.rows.map((r) => [r.pid, r.rssKiB]));
  for (const r of last.data.rows) {
    const was = before.get(r.pid);
    if (r.pid === undefined || r.rssKiB === undefined || was === undefined) continue;
    const p = byPid.get(r.pid);
    if (p) p.rssGrowthKiBPerSecond = (r.rssKiB - was) / (t1 - t0);
  }
};

/** pidstat's summary rows, or its last interval when it printed no `Average:`. */
const pidstatRows = (data: PidstatOutput): PidstatTask[] =>
  data.average.length > 0 ? data.average : (data.intervals.at(-1)?.tasks ?? []);

/** pidstat's user/system split, where /proc/PID/stat samples gave none. */
const addPidstat = (capture: Capture, byPid: Map<number, ProcessFacts>) => {
  for (const block of blocksOf(capture, 'pidstat')) {
    const rows = pidstatRows(block.data);
    for (const r of rows) {
      if (r.thread) continue;
      const p = upsert(byPid, r.pid, sourceOf(block));
      if (p.name === String(r.pid)) p.name = r.command;
      if (p.userPercent === undefined && r.usr !== undefined) p.userPercent = r.usr;
      if (p.systemPercent === undefined && r.system !== undefined) p.systemPercent = r.system;
      if (p.cpuPercent === 0 && r.cpuPercent !== undefined) p.cpuPercent = r.cpuPercent;
    }
  }
};

const addEnv = (capture: Capture, byPid: Map<number, ProcessFacts>) => {
  for (const block of blocksOf(capture, 'environ')) {
    if (block.data.pid === null) continue;
    const p = byPid.get(block.data.pid);
    if (p) p.env = { ...p.env, ...block.data.vars };
  }
};

/**
 * The capture script's own process and everything it started (top, ps, its subshells), found
 * through ps's parent column: the capture must not report itself as the busiest process.
 */
const captureTree = (capture: Capture, capturePid: number | undefined): Set<number> => {
  const tree = new Set<number>();
  if (capturePid === undefined) return tree;
  const children = new Map<number, number[]>();
  for (const block of blocksOf(capture, 'ps')) {
    for (const r of block.data.rows) {
      if (r.pid === undefined || r.ppid === undefined) continue;
      children.set(r.ppid, [...(children.get(r.ppid) ?? []), r.pid]);
    }
  }
  const queue = [capturePid];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    if (tree.has(pid)) continue;
    tree.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
};

/** A thread dump's longest `elapsed=` is its JVM's age, when ps did not give one. */
const addJvmAge = (capture: Capture, byPid: Map<number, ProcessFacts>): void => {
  for (const block of blocksOf(capture, 'jstack')) {
    const p = byPid.get(dumpedPid(block.command) ?? -1);
    if (p && p.ageSeconds === undefined && block.data.ageSeconds !== undefined) {
      p.ageSeconds = block.data.ageSeconds;
    }
  }
};

/**
 * The source of the process listing when it shows only chosen rows (`ps aux | grep java`,
 * rows pasted without their header) and no full listing (top, htop, a whole `ps`) was read:
 * its processes are not the host's, so their CPU sum says nothing of the host's load.
 */
export const partialListing = (capture: Capture): string | undefined => {
  const full =
    blocksOf(capture, 'top').some((b) => b.data.frames.some((f) => f.processes.length > 0)) ||
    blocksOf(capture, 'htop').some((b) => b.data.processes.length > 0);
  if (full) return undefined;
  const ps = blocksOf(capture, 'ps').filter((b) => !b.data.threads);
  if (ps.some((b) => !filtered(b))) return undefined;
  const first = ps[0];
  return first ? sourceOf(first) : undefined;
};

export const deriveProcesses = (
  capture: Capture,
  clkTck: number,
  capturePid?: number,
): ProcessFacts[] => {
  const byPid = new Map<number, ProcessFacts>();
  const fromTop = new Set<number>();
  addTop(capture, byPid, fromTop);
  addHtop(capture, byPid, fromTop);
  addPs(capture, byPid, fromTop);
  addStatus(capture, byPid);
  addStatSamples(capture, byPid, clkTck);
  addRssGrowth(capture, byPid);
  addUntimedRss(capture, byPid);
  addTopRssGrowth(capture, byPid);
  addPidstat(capture, byPid);
  addEnv(capture, byPid);
  addJvmAge(capture, byPid);
  const own = captureTree(capture, capturePid);
  return [...byPid.values()]
    .filter((p) => !own.has(p.pid))
    .sort((a, b) => b.cpuPercent - a.cpuPercent);
};

/** `-p 2872` in a `top -H` header: whose threads they are. */
const targetPid = (command: string | null): number | undefined => {
  const m = /(?:^|\s)-\w*p\s*(\d+)/.exec(command ?? '');
  return m ? Number(m[1]) : undefined;
};

/** The JVM a dump came from: `jstack 2872`, `jcmd 2872 Thread.print`, `kill -3 2872`. */
export const dumpedPid = (command: string | null): number | undefined => {
  const m = /^(?:jstack|jhsdb\s+jstack|jcmd|kill)\b.*?(?:^|\s)(?:--pid\s+)?(\d+)(?:\s|$)/.exec(
    command ?? '',
  );
  return m ? Number(m[1]) : undefined;
};

export const deriveThreads = (capture: Capture): ThreadFacts[] => {
  const threads: ThreadFacts[] = [];
  for (const block of blocksOf(capture, 'top')) {
    if (!block.data.threadsMode) continue;
    const frame = block.data.frames.at(-1);
    const pid = targetPid(block.command);
    for (const t of frame?.processes ?? []) {
      threads.push({
        tid: t.pid,
        ...(pid !== undefined ? { pid } : {}),
        name: t.command,
        cpuPercent: t.cpuPercent ?? 0,
        source: sourceOf(block),
      });
    }
  }
  for (const block of blocksOf(capture, 'pidstat')) {
    const rows = pidstatRows(block.data);
    for (const r of rows) {
      if (!r.thread || r.tid === undefined) continue;
      threads.push({
        tid: r.tid,
        pid: r.pid,
        name: r.command.replace(/^\|__/, ''),
        cpuPercent: r.cpuPercent ?? 0,
        source: sourceOf(block),
      });
    }
  }
  // A thread dump's cpu= is a lifetime average (two dumps give the rate between them): used
  // only when nothing sampled the threads.
  if (threads.length === 0) {
    for (const block of blocksOf(capture, 'jstack')) {
      const pid = dumpedPid(block.command);
      for (const t of block.data.threads) {
        if (t.cpuMs === undefined || !t.elapsedSeconds) continue;
        const recent = t.recentCpuPercent !== undefined && t.recentSeconds !== undefined;
        threads.push({
          tid: t.nid,
          ...(pid !== undefined ? { pid } : {}),
          name: t.name,
          cpuPercent: recent
            ? (t.recentCpuPercent ?? 0)
            : (t.cpuMs / 1000 / t.elapsedSeconds) * 100,
          cpuOverSeconds: recent ? (t.recentSeconds ?? 0) : t.elapsedSeconds,
          source: sourceOf(block),
        });
      }
    }
  }
  return threads.sort((a, b) => b.cpuPercent - a.cpuPercent);
};
