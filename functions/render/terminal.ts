import type { Triage } from '../core/classify.js';
import type { Comparison } from '../core/compare.js';
import type { PeerComparison } from '../core/peer/compare-peer.js';
import { changeLines } from './changes.js';
import { sparkline } from './sparkline.js';
import { wrap, wrapCommand } from './wrap.js';

export interface TerminalOptions {
  color: boolean;
  width?: number;
}

const paint = (on: boolean) => ({
  bold: (s: string) => (on ? `\x1b[1m${s}\x1b[22m` : s),
  dim: (s: string) => (on ? `\x1b[2m${s}\x1b[22m` : s),
  red: (s: string) => (on ? `\x1b[31m${s}\x1b[39m` : s),
  green: (s: string) => (on ? `\x1b[32m${s}\x1b[39m` : s),
  yellow: (s: string) => (on ? `\x1b[33m${s}\x1b[39m` : s),
});

/**
 * The CPU busy series and, on burstable hosts, the credit balance as sparklines: one line under
 * the headline, only when a series has at least two points.
 */
const trendLine = (triage: Triage, width: number): string | undefined => {
  const parts: string[] = [];
  const cpu = triage.facts.cpu?.series.map((s) => 100 - s.idle) ?? [];
  const room = Math.max(8, Math.floor((width - 40) / 2));
  if (cpu.length >= 2) {
    const last = cpu[cpu.length - 1] ?? 0;
    parts.push(`cpu ${sparkline(cpu, room, { min: 0, max: 100 })} ${Math.round(last)}%`);
  }
  const credits = triage.facts.credits?.balance?.points.map((p) => p.value) ?? [];
  if (credits.length >= 2) {
    const last = credits[credits.length - 1] ?? 0;
    parts.push(`credits ${sparkline(credits, room, { min: 0 })} ${Math.round(last)}`);
  }
  return parts.length > 0 ? parts.join('   ') : undefined;
};

const confidenceWord = (c: number) => (c >= 0.8 ? 'strong' : c >= 0.4 ? 'suggestive' : 'weak');

/** A triage for a person at a terminal: cause, evidence, fixes, ruled out; fits 80 columns. */
export const renderTriage = (triage: Triage, options: TerminalOptions): string => {
  const width = Math.min(options.width ?? 80, 100);
  const c = paint(options.color);
  const out: string[] = [];
  const [primary, ...others] = triage.diagnoses;
  const tone =
    triage.cause === 'healthy' ? c.green : triage.cause === 'inconclusive' ? c.yellow : c.red;
  out.push(
    `${tone(c.bold(triage.cause))}  ${c.dim(`confidence ${triage.confidence.toFixed(2)} (${confidenceWord(triage.confidence)})`)}`,
  );
  out.push(...wrap(triage.headline, width));
  const trend = trendLine(triage, width);
  if (trend) out.push(c.dim(trend));
  if (primary?.chain) out.push(c.dim(`chain: ${primary.chain}`));

  for (const [i, d] of [primary, ...others].entries()) {
    if (!d) continue;
    if (i > 0)
      out.push(
        '',
        `${c.bold(`Also: ${d.cause}`)}  ${c.dim(`confidence ${d.confidence.toFixed(2)}`)}`,
        ...wrap(d.summary, width),
      );
    if (d.evidence.length > 0) out.push('', c.bold('Evidence'));
    for (const e of d.evidence) {
      out.push(...wrap(`• ${e.text}`, width, '  ').map((l) => `  ${l}`));
      out.push(
        c.dim(
          `      from: ${e.source.length > width - 12 ? `${e.source.slice(0, width - 13)}…` : e.source}`,
        ),
      );
    }
    if (d.fixes.length > 0) out.push('', c.bold('Fixes'));
    for (const [n, f] of d.fixes.entries()) {
      out.push(...wrap(`${n + 1}. ${f.title} (${f.when})`, width, '     ').map((l) => `  ${l}`));
      if (f.detail) out.push(...wrap(f.detail, width - 5).map((l) => `     ${l}`));
      if (f.command) out.push(...wrapCommand(f.command, width, '     '));
    }
  }
  const changes = changeLines(triage.facts);
  if (changes) {
    out.push('', `${c.bold(changes.title)} ${c.dim('(context, not the cause)')}`);
    for (const l of changes.lines)
      out.push(...wrap(`- ${l}`, width - 2, '    ').map((w) => `  ${w}`));
    if (changes.more > 0) out.push(c.dim(`  … ${changes.more} earlier`));
  }
  if (triage.ruledOut.length > 0) {
    out.push('', c.bold('Ruled out'));
    for (const r of triage.ruledOut)
      out.push(...wrap(`- ${r.cause}: ${r.reason}`, width - 2, '    ').map((l) => `  ${l}`));
  }
  if (triage.missing.length > 0 && triage.cause !== 'healthy') {
    out.push('', c.bold('Not in this capture'));
    for (const m of triage.missing)
      out.push(...wrap(`- ${m}`, width - 2, '    ').map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
};

/** A comparison of two captures: the verdict, then each measure that was in both. */
export const renderComparison = (comparison: Comparison, options: TerminalOptions): string => {
  const c = paint(options.color);
  const tone = { resolved: c.green, improved: c.green, unchanged: c.yellow, worse: c.red }[
    comparison.verdict
  ];
  const out = [
    `${tone(c.bold(comparison.verdict))}  ${comparison.before.cause} → ${comparison.after.cause}`,
    ...wrap(comparison.summary, options.width ?? 80),
    '',
  ];
  for (const ch of comparison.changes) {
    const mark = ch.better === null ? '      ' : ch.better ? c.green('better') : c.red('worse ');
    out.push(`  ${mark} ${ch.text}`);
  }
  return `${out.join('\n')}\n`;
};

const sideText = (side: PeerComparison['sick']) =>
  `${side.cause}${side.host ? ` on ${side.host}` : ''}`;

/**
 * A sick instance beside a healthy peer: what differs (each with both values and why it
 * matters), then what is the same (each a cause ruled out), then what only one capture showed.
 */
export const renderPeerComparison = (peer: PeerComparison, options: TerminalOptions): string => {
  const width = options.width ?? 80;
  const c = paint(options.color);
  const out = [
    ...wrap(
      `${c.bold('peer')}  sick: ${sideText(peer.sick)}; healthy peer: ${sideText(peer.healthy)}`,
      width,
    ),
    ...wrap(peer.summary, width),
  ];
  for (const verdict of ['differs', 'same'] as const) {
    const rows = peer.rows.filter((r) => r.verdict === verdict);
    if (rows.length === 0) continue;
    out.push('', c.bold(verdict === 'differs' ? 'Differs' : 'Same on the healthy peer'));
    for (const r of rows) {
      const mark = verdict === 'differs' ? c.red('differs') : c.green('same   ');
      out.push(
        ...wrap(`${r.label}: sick ${r.sick}, peer ${r.healthy}`, width - 10, '').map(
          (l, i) => `  ${i === 0 ? mark : '       '} ${l}`,
        ),
      );
      out.push(...wrap(r.reason, width - 10).map((l) => c.dim(`          ${l}`)));
    }
  }
  if (peer.notCompared.length > 0) {
    out.push('', c.bold('Not compared'));
    for (const n of peer.notCompared)
      out.push(...wrap(`- ${n}`, width - 2, '    ').map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
};
