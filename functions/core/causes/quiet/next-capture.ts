/**
 * What to capture next, for what this capture lacked or hinted at: one line per gap, so a
 * person pastes the few outputs that would decide, not the whole checklist.
 */
import type { Evidence, Fix } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { isCompilerThread } from '../shared/cpu-burn.js';

const PS =
  'ps -eo pid,etimes,nlwp,pcpu,rss,stat,wchan:20,comm,args --sort=-pcpu | head -30 (the busiest processes, their state and what they wait in)';

/** A JVM is in the capture: by its runtime, a jstack, or HotSpot's compiler thread names. */
const hasJvm = (facts: Facts): boolean =>
  facts.runtimes.some((r) => r.runtime === 'jvm') || facts.threads.some(isCompilerThread);

/** The outputs that would decide, given what the capture has and what its signs point at. */
export const nextCaptures = (facts: Facts, signs: Evidence[]): string[] => {
  const out: string[] = [];
  const said = signs.map((e) => e.text).join(' ');
  if (/queue for the CPUs/.test(said))
    out.push('vmstat 1 5 (the run queue r against the CPUs, and b: tasks blocked on I/O)');
  if (!facts.cpu)
    out.push(
      'top -b -n 2 -d 1 and vmstat 1 5 (the CPU split: user, system, iowait, steal, and the run queue)',
    );
  if (facts.processes.length === 0) out.push(PS);
  if (facts.cpus === undefined && (facts.load || facts.processes.length > 0))
    out.push('nproc (the CPU count the load and the processes are measured against)');
  if (!facts.memory) out.push('free -m and cat /proc/pressure/memory (memory left, and stalls)');
  if (/system CPU|syscalls|signals delivered|in the kernel/.test(said))
    out.push(
      'alert-triage local --deep always, or strace -c -f -p PID for 5 s and perf top -p PID (which syscalls, how fast)',
    );
  // A load above the CPUs with no split may be tasks waiting on disk as well as on CPU.
  const unexplainedLoad =
    !facts.cpu && facts.load !== undefined && facts.load.load1 > (facts.cpus ?? 1);
  if (/iowait|D state|saturated|PSI io|hung task/.test(said) || unexplainedLoad)
    out.push('iostat -x 1 3 (per-disk %util and await) and cat /proc/pressure/io');
  if (hasJvm(facts))
    out.push(
      'top -H -b -n 1 -p PID and jstack PID (which JVM threads burn the CPU: JIT compiler, GC or application)',
    );
  if (/steal/.test(said) && facts.instance?.type === undefined)
    out.push(
      'the instance type (aws ec2 describe-instances) and, for a t2/t3/t3a/t4g, its CPUCreditBalance: throttling shows as steal',
    );
  if (/swapping|PSI memory|memory available|OOM|oom/.test(said))
    out.push(
      'vmstat 1 5 (si/so), ps -eo pid,etimes,rss,comm --sort=-rss | head and journalctl -k | grep -i oom (what holds the memory)',
    );
  return out;
};

/** The fix an `inconclusive` verdict carries: capture these next. */
export const captureNext = (facts: Facts, signs: Evidence[]): Fix => {
  const next = nextCaptures(facts, signs);
  return {
    title:
      signs.length > 0 ? 'Capture what would decide, while it is happening' : 'Capture the basics',
    detail: `Run alert-triage local on the host (--deep always when a process burns CPU), or paste: ${next.length > 0 ? next.join('; ') : PS}.`,
    command: signs.length > 0 ? 'alert-triage local --deep always' : 'alert-triage local',
    when: 'now',
  };
};
