/**
 * What runs beside and inside the app on each: monitoring agents and profilers, the
 * allow-listed environment flags of the busiest process (already redacted on the host), and
 * the software versions the capture shows. An agent on both (seed 000: Datadog's, with its
 * profiler, on every instance) is not the cause by itself.
 */
import { hottestProcess } from '../causes/shared/cpu-burn.js';
import type { Facts, ProcessFacts } from '../facts/types.js';
import { oneSided, type PeerPart, rowsOf } from './part.js';
import { type PeerRow, setRow, textRow } from './rows.js';

/**
 * Agents and profilers the facts do not name themselves (they know the Datadog agent and the
 * profilers a runtime's flags turn on), from a process's name or command line.
 */
const KNOWN: { name: string; test: RegExp }[] = [
  { name: 'dd-trace', test: /\bdd-trace\b|\bddtrace(?:-run)?\b|dd-java-agent/ },
  { name: 'New Relic', test: /\bnewrelic\b|newrelic-infra|newrelic\.jar/i },
  { name: 'Pyroscope', test: /\bpyroscope\b/i },
  { name: 'async-profiler', test: /async-?profiler|libasyncProfiler/ },
  { name: 'perf', test: /^perf$/ },
  { name: 'py-spy', test: /\bpy-spy\b/ },
  { name: 'OpenTelemetry', test: /\botelcol\b|opentelemetry-javaagent|@opentelemetry\//i },
  { name: 'Elastic APM', test: /elastic-apm-agent|\belastic-agent\b/ },
  { name: 'Dynatrace OneAgent', test: /\boneagent\b/i },
];

/** The process list is the whole host's: what it lacks is absent, not unseen. */
const fullList = (f: Facts) => f.processes.length > 0 && f.partialProcessList === undefined;

const agentsOf = (f: Facts): string[] => {
  const found = new Set<string>([
    ...f.agents.map((a) => a.name),
    ...f.runtimes.flatMap((r) => r.profilers.map((p) => p.name)),
  ]);
  for (const p of f.processes) {
    const text = [p.name, p.command ?? '', ...Object.values(p.env ?? {})];
    for (const k of KNOWN) if (text.some((t) => k.test.test(t))) found.add(k.name);
  }
  return [...found].sort();
};

const envRows = (s: ProcessFacts, h: ProcessFacts): PeerRow[] => {
  const sEnv = s.env ?? {};
  const hEnv = h.env ?? {};
  const keys = [...new Set([...Object.keys(sEnv), ...Object.keys(hEnv)])].sort();
  return rowsOf(
    keys.map((k) =>
      textRow('environment', k, sEnv[k] ?? '(unset)', hEnv[k] ?? '(unset)', {
        differs: 'the flag is set differently: a setting one away from the fix',
        same: 'the flag cannot explain a difference between them',
      }),
    ),
  );
};

/** `node-20`, `/opt/nodejs/20.11.1/bin/node`, `java-17-openjdk`, `python3.11` → the version. */
const RUNTIME_VERSION: { runtime: string; test: RegExp }[] = [
  { runtime: 'Node', test: /\bnode(?:js)?[-/]?v?(\d+(?:\.\d+)*)\b/ },
  { runtime: 'JVM', test: /\b(?:java|jdk|jre|openjdk|corretto|temurin)[-_]?(\d+(?:\.\d+)*)\b/ },
  { runtime: 'Python', test: /\bpython(\d+(?:\.\d+)+)\b/ },
];

const versionOf = (p: ProcessFacts | undefined, runtime: string): string | undefined => {
  const test = RUNTIME_VERSION.find((r) => r.runtime === runtime)?.test;
  const m = test?.exec(`${p?.name ?? ''} ${p?.command ?? ''}`);
  return m?.[1];
};

const VERSIONS = {
  differs: 'different software: a deploy or an AMI one of them has not had',
  same: 'the same version runs on both',
};

export const compareSoftware = (sick: Facts, healthy: Facts): PeerPart => {
  const both = fullList(sick) && fullList(healthy);
  const s = hottestProcess(sick);
  const h = (s && healthy.processes.find((p) => p.name === s.name)) ?? hottestProcess(healthy);
  const withEnv = s?.env !== undefined && h?.env !== undefined;
  return {
    rows: rowsOf([
      both
        ? setRow(
            'agents',
            'agents and profilers',
            agentsOf(sick),
            agentsOf(healthy),
            'they run on the peer too: present alone, they do not explain it',
          )
        : undefined,
      ...(withEnv && s && h ? envRows(s, h) : []),
      textRow('versions', 'kernel', sick.kernelRelease, healthy.kernelRelease, VERSIONS),
      ...RUNTIME_VERSION.map(({ runtime }) =>
        textRow('versions', runtime, versionOf(s, runtime), versionOf(h, runtime), VERSIONS),
      ),
    ]),
    notCompared: [
      ...oneSided('full process list (agents, profilers)', fullList(sick), fullList(healthy)),
      ...oneSided('environment flags', s?.env !== undefined, h?.env !== undefined),
    ],
  };
};
