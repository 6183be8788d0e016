/**
 * Who killed for memory, in words and fixes: the kernel's OOM killer (memory truly ran out, or a
 * cgroup hit its limit), or a user-space killer that acts earlier on its own thresholds —
 * systemd-oomd on memory pressure (PSI) and swap use, earlyoom on available memory and free
 * swap. Either way memory ran short; with a user-space killer, "short" is what its settings say.
 */
import type { Evidence, Fix } from '../../diagnosis.js';
import type { KernelEvent, ProcessFacts } from '../../facts/types.js';
import { count, size } from '../shared/words.js';

const victim = (e: KernelEvent): string => {
  const about = [
    e.pid !== undefined ? `PID ${e.pid}` : undefined,
    e.rssKiB !== undefined ? size(e.rssKiB) : undefined,
  ].filter(Boolean);
  // systemd-oomd kills whole cgroups; systemd says of a unit that one of its processes died.
  const unitOnly = e.unit !== undefined && (e.process === undefined || e.process === e.unit);
  const what = unitOnly
    ? e.killer === 'systemd-oomd'
      ? e.unit
      : `a process of ${e.unit}`
    : (e.process ?? 'a process');
  const of = e.unit && e.process && e.process !== e.unit ? ` of ${e.unit}` : '';
  return `${what}${about.length > 0 ? ` (${about.join(', ')})` : ''}${of}`;
};

const KILLER_WORDS: Record<NonNullable<KernelEvent['killer']> | 'kernel', string> = {
  kernel: "the kernel's OOM killer",
  'systemd-oomd':
    'systemd-oomd (a user-space killer acting on memory pressure before the kernel would)',
  earlyoom: 'earlyoom (a user-space killer acting when available memory falls under its threshold)',
};

/** One evidence line per killer: who killed what. */
export const killEvidence = (ooms: readonly KernelEvent[]): Evidence[] => {
  const byKiller = new Map<string, KernelEvent[]>();
  for (const e of ooms) {
    const killer = e.killer ?? 'kernel';
    byKiller.set(killer, [...(byKiller.get(killer) ?? []), e]);
  }
  return [...byKiller].map(([killer, events]) => ({
    source: events[0]?.source ?? 'dmesg',
    text: `${KILLER_WORDS[killer as keyof typeof KILLER_WORDS]} killed ${events.length === 1 ? '' : `${count(events.length)} times: `}${events.slice(0, 3).map(victim).join(', ')}`,
  }));
};

/** `earlyoom killed java (PID 906175, 42.9 GiB)`, for the summary. */
export const killSummary = (ooms: readonly KernelEvent[]): string | undefined => {
  const first = ooms[0];
  if (!first) return undefined;
  const who = first.killer ?? 'the OOM killer';
  const more = ooms.length > 1 ? ` and ${count(ooms.length - 1)} more` : '';
  return `${who} killed ${victim(first)}${more}`;
};

/** The killed process, as a process the fixes can name, when it is not in the process list. */
export const victimProcess = (ooms: readonly KernelEvent[]): ProcessFacts | undefined => {
  const e = ooms.find((k) => k.process !== undefined && k.pid !== undefined);
  if (!e?.process || e.pid === undefined) return undefined;
  return {
    pid: e.pid,
    name: e.process,
    cpuPercent: 0,
    ...(e.rssKiB !== undefined ? { rssKiB: e.rssKiB } : {}),
    source: e.source,
  };
};

/** What to do about the user-space killers' settings, beside finding what grows. */
export const killerFixes = (ooms: readonly KernelEvent[]): Fix[] => {
  const fixes: Fix[] = [];
  const oomd = ooms.find((e) => e.killer === 'systemd-oomd');
  if (oomd)
    fixes.push({
      title: "Check systemd-oomd's limits before loosening them",
      detail: `systemd-oomd kills a whole cgroup${oomd.unit ? ` (${oomd.unit})` : ''} when its memory pressure stays above the limit (DefaultMemoryPressureLimit=, 60% for 30 s by default, in /etc/systemd/oomd.conf; per unit ManagedOOMMemoryPressureLimit=). If the kills come too early, raise the unit's limit or set ManagedOOMPreference=avoid on what must survive; if not, the growth is the problem.`,
      command: 'oomctl',
      when: 'now',
    });
  if (ooms.some((e) => e.killer === 'earlyoom'))
    fixes.push({
      title: "Check earlyoom's thresholds",
      detail:
        'earlyoom kills the largest process when available memory and free swap both fall under its thresholds (-m and -s, 10% by default; EARLYOOM_ARGS in /etc/default/earlyoom). --avoid and --prefer steer which process it picks; the growth itself still needs finding.',
      command: 'systemctl cat earlyoom; cat /etc/default/earlyoom',
      when: 'now',
    });
  return fixes;
};
