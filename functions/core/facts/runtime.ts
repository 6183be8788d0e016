import { blocksOf, type Capture } from '../capture/read.js';
import type { HostAgent, ProcessFacts, Runtime, RuntimeFacts, ThreadFacts } from './types.js';

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/**
 * Which runtime a process is, from what it runs and how it behaves: a JVM shows its compiler
 * and GC threads, the others their interpreter in the command line.
 */
const runtimeOf = (
  p: ProcessFacts,
  threads: ThreadFacts[],
  jvmPids: Set<number>,
): Runtime | undefined => {
  const cmd = `${p.name} ${p.command ?? ''}`;
  if (jvmPids.has(p.pid) || /(^|[\s/])java\b/.test(cmd)) return 'jvm';
  if (
    threads.some(
      (t) => t.pid === p.pid && /^(C[12] CompilerThre|G1 |GC Thread|VM Thread)/.test(t.name),
    )
  ) {
    return 'jvm';
  }
  if (/(^|[\s/])(node|nodejs|node-\d+)\b/.test(cmd) || p.env?.NODE_OPTIONS !== undefined)
    return 'node';
  if (/(^|[\s/])(python[\d.]*|gunicorn|uwsgi|celery|uvicorn)\b/.test(cmd)) return 'python';
  if (/(^|[\s/])(ruby|puma|unicorn|sidekiq)\b/.test(cmd)) return 'ruby';
  if (/(^|[\s/])dotnet\b/.test(cmd)) return 'dotnet';
  if (
    p.env?.GOMAXPROCS !== undefined ||
    p.env?.GOGC !== undefined ||
    p.env?.GOMEMLIMIT !== undefined
  ) {
    return 'go';
  }
  return undefined;
};

/** Profilers that interrupt the process with signals or sampling, seen in flags or environment. */
const profilersOf = (p: ProcessFacts): RuntimeFacts['profilers'] => {
  const found: RuntimeFacts['profilers'] = [];
  const env = p.env ?? {};
  const envSource = `tr '\\0' '\\n' < /proc/${p.pid}/environ`;
  if (truthy(env.DD_PROFILING_ENABLED)) {
    found.push({
      name: 'Datadog profiler',
      evidence: `DD_PROFILING_ENABLED=${env.DD_PROFILING_ENABLED}`,
      source: envSource,
    });
  }
  const flags = [
    { from: p.command ?? '', source: p.source },
    { from: env.NODE_OPTIONS ?? '', source: envSource },
    {
      from: `${env.JAVA_TOOL_OPTIONS ?? ''} ${env.JAVA_OPTS ?? ''} ${env._JAVA_OPTIONS ?? ''}`,
      source: envSource,
    },
  ];
  for (const { from, source } of flags) {
    const cpuProf = /--cpu-prof\b|--prof\b/.exec(from);
    if (cpuProf) found.push({ name: 'V8 CPU profiler', evidence: cpuProf[0], source });
    const asyncProfiler = /-agentpath:\S*async-?profiler\S*|-agentpath:\S*libasyncProfiler\S*/.exec(
      from,
    );
    if (asyncProfiler) found.push({ name: 'async-profiler', evidence: asyncProfiler[0], source });
    const ddAgent = /-javaagent:\S*dd-java-agent\S*/.exec(from);
    if (
      ddAgent &&
      truthy(env.DD_PROFILING_ENABLED) === false &&
      /-Ddd\.profiling\.enabled=true/.test(from)
    ) {
      found.push({ name: 'Datadog profiler', evidence: '-Ddd.profiling.enabled=true', source });
    }
    const pyspy = /\bpy-spy\b|\bddtrace-run\b/.exec(from);
    if (pyspy && truthy(env.DD_PROFILING_ENABLED) === false && pyspy[0] === 'py-spy') {
      found.push({ name: 'py-spy', evidence: pyspy[0], source });
    }
  }
  return found;
};

export const deriveRuntimes = (
  capture: Capture,
  processes: ProcessFacts[],
  threads: ThreadFacts[],
): RuntimeFacts[] => {
  const jvmPids = new Set<number>();
  // A thread dump belongs to the JVM named in its command (`jstack 2872`).
  for (const block of blocksOf(capture, 'jstack')) {
    const pid = /(\d+)/.exec(block.command ?? '')?.[1];
    if (pid) jvmPids.add(Number(pid));
  }
  const result: RuntimeFacts[] = [];
  for (const p of processes.slice(0, 30)) {
    const runtime = runtimeOf(p, threads, jvmPids);
    if (runtime) result.push({ pid: p.pid, runtime, profilers: profilersOf(p) });
  }
  return result;
};

/**
 * A Datadog agent on the host (its own `dd-agent` user, or the datadog-agent install path).
 * Not evidence of a storm by itself, but where to look for the profiler that causes one:
 * seed 000's storm came from the tracer library the agent's install had enabled.
 */
export const deriveAgents = (processes: ProcessFacts[]): HostAgent[] => {
  const datadog = processes.filter(
    (p) =>
      p.user === 'dd-agent' || /\/opt\/datadog-agent\/|\bdatadog-agent\b/.test(p.command ?? ''),
  );
  const first = datadog[0];
  if (!first) return [];
  const names = [...new Set(datadog.map((p) => p.name))].slice(0, 3).join(', ');
  return [
    {
      name: 'Datadog agent',
      evidence: `${first.user ?? 'datadog'} runs ${names}`,
      source: first.source,
    },
  ];
};
