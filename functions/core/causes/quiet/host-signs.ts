/**
 * Signs of trouble that no single cause owns, or that a cause's own signs leave out: memory
 * under pressure (memory-creep's or io-wait's), a group of same-named workers that together
 * fill the CPUs (runaway-process's, jit-warmup's or syscall-storm's), the kernel's own alarms.
 * Like the causes' signs, any of them makes a quiet capture `inconclusive`, never `healthy`.
 */
import type { Evidence } from '../../diagnosis.js';
import type { Facts } from '../../facts/types.js';
import { workerGroups } from '../shared/cpu-burn.js';
import { count, percent } from '../shared/words.js';

/** vmstat si+so, KiB/s: a healthy host pages nothing in steady state; any steady paging is news. */
const SWAP_SIGN_KIB_S = 10;
/** PSI memory avg10: tasks stalled on memory 5% of the time is reclaim a user feels. */
const MEMORY_PSI_SIGN = 5;
/** A same-named group using this share of all CPUs fills the host. */
const GROUP_SHARE_OF_HOST = 0.9;
/** With the CPU count unknown, a group this busy (a whole core) may be all the host has. */
const GROUP_CORES_UNKNOWN_HOST = 100;
/** Kernel events that are never part of a healthy capture. */
const ALARMS = new Set(['oom-invoked', 'soft-lockup']);

export const hostSigns = (facts: Facts): Evidence[] => {
  const found: Evidence[] = [];
  const mem = facts.memory;
  const paging = (mem?.swapInPerSecond ?? 0) + (mem?.swapOutPerSecond ?? 0);
  if (mem && paging >= SWAP_SIGN_KIB_S)
    found.push({ source: mem.source, text: `swapping ${count(paging)} KiB/s (si+so)` });
  if (mem && (mem.pressureSome10 ?? 0) >= MEMORY_PSI_SIGN)
    found.push({
      source: mem.source,
      text: `PSI memory some ${percent(mem.pressureSome10 ?? 0)}: tasks stall on memory`,
    });

  // A group of workers filling the CPUs: each worker may be under any per-process bar.
  const group = workerGroups(facts)[0];
  const cpus = facts.cpus;
  const full =
    cpus !== undefined
      ? GROUP_SHARE_OF_HOST * 100 * cpus
      : facts.cpu === undefined
        ? GROUP_CORES_UNKNOWN_HOST
        : undefined;
  if (group?.members[0] && full !== undefined && group.cpuPercent >= full)
    found.push({
      source: group.members[0].source,
      text: `${group.members.length} ${group.name} together at ${percent(group.cpuPercent)} of a core${cpus !== undefined ? ` on ${cpus} CPUs` : ', CPU count unknown'}`,
    });

  const alarm = facts.kernelEvents.find((e) => ALARMS.has(e.kind));
  if (alarm) found.push({ source: alarm.source, text: `kernel: ${alarm.line.trim()}` });
  return found;
};
