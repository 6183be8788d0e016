/**
 * The default capture must not slow the sick process: a `dd bs=1` making millions of syscalls
 * a second keeps its pace through every second of `alert-triage local`, and is still named a
 * syscall-storm with its real rate. (strace -c used to take it from ~2.9 million calls a
 * second to ~4,400 while attached.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { killAll, raisePriority, startProcess, waitForExec } from '../helpers/processes.js';
import { median, ratesFor, ratesWhile } from '../helpers/syscall-rate.js';

/** Every second of the capture keeps at least this share of the rate before it. */
const KEPT_SHARE = 0.7;

interface Triage {
  cause: string;
  diagnoses: { cause: string; confidence: number; pid?: number; evidence: { text: string }[] }[];
}

/** `2345k/s read/write syscalls` or `2345k/s syscalls` in the evidence: calls per second. */
const quotedRate = (evidence: { text: string }[]): number | undefined => {
  for (const e of evidence) {
    const m = /(\d+(?:\.\d+)?)(k?)\/s (?:read\/write )?syscalls/.exec(e.text);
    if (m) return Number(m[1]) * (m[2] ? 1000 : 1);
  }
  return undefined;
};

describe('the default capture on a write storm', () => {
  afterEach(killAll);

  it('keeps 70% of its rate every second, and names it a syscall-storm at its real rate', async () => {
    // Prepare: one-byte reads and writes, millions a second; given a larger share of this
    // machine, which other work may share, so that its pace is its own
    const dd = startProcess('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1'], { detached: true });
    await waitForExec(dd.pid, 'dd');
    raisePriority(dd.pid);
    const before = median(await ratesFor(dd.pid, 3));

    // Act
    const { rates, result } = await ratesWhile(dd.pid, () => cli(['local', '--json']));

    // Assess: its pace, second by second
    const detail = `before ${Math.round(before)}/s; during ${rates.map(Math.round).join(', ')}`;
    expect(before, detail).toBeGreaterThan(500_000);
    expect(rates.length, detail).toBeGreaterThanOrEqual(10);
    expect(Math.min(...rates) / before, detail).toBeGreaterThanOrEqual(KEPT_SHARE);
    // …and the verdict about it
    expect(result.code, result.stderr).toBe(0);
    const triage: Triage = JSON.parse(result.stdout);
    const storm = triage.diagnoses.find((d) => d.cause === 'syscall-storm' && d.pid === dd.pid);
    expect(storm?.confidence, result.stdout.slice(0, 2000)).toBeGreaterThanOrEqual(0.8);
    const quoted = quotedRate(storm?.evidence ?? []) ?? 0;
    const actual = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(quoted, detail).toBeGreaterThanOrEqual(actual / 2);
    expect(quoted, detail).toBeLessThanOrEqual(actual * 2);
  });
});
