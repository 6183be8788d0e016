/**
 * The labelled corpus and its report, shared by the corpus test and `npm run corpus`.
 *
 * Layout: `test/fixtures/captures/corpus/<label>/<case>.txt`, `<label>` a cause id or `healthy`;
 * each file starts with `# source:` lines (where it came from and what its thread concluded).
 * The seed incidents are added with the label their engineer found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { type CauseId, PROBLEM_CAUSES } from '../../functions/core/diagnosis.js';
import { loadFixture } from './fixtures.js';

/** A corpus label: a cause the classifier can name, or `healthy`. */
export const LABELS = [...PROBLEM_CAUSES, 'healthy'] as const;
export type Label = (typeof LABELS)[number];
const COLUMNS: readonly CauseId[] = [...LABELS, 'inconclusive'];

/** A wrong verdict at or above this confidence is "confident-wrong": it would mislead. */
export const CONFIDENT = 0.5;

export interface Case {
  path: string;
  label: Label;
}

export interface Outcome extends Case {
  predicted: CauseId;
  confidence: number;
  headline: string;
  /** Blocks the reader knew but could not parse, and blocks it did not know. */
  unread: number;
  blocks: number;
}

/** The seeds' captures, labelled by the cause their engineer found (shared/seeds/README.md). */
const SEEDS: Case[] = [
  { path: 'captures/seeds/seed-000-sick.txt', label: 'syscall-storm' },
  { path: 'captures/seeds/seed-000-healthy.txt', label: 'healthy' },
  { path: 'captures/seeds/seed-001-goroutine-spin.txt', label: 'runaway-process' },
  { path: 'captures/seeds/seed-002-gunicorn-leak-t3micro.txt', label: 'memory-creep' },
  { path: 'captures/seeds/seed-003-slow-leak-trend.txt', label: 'memory-creep' },
  { path: 'captures/seeds/seed-004-jit-after-deploy.txt', label: 'jit-warmup' },
];

const corpusRoot = fileURLToPath(new URL('../fixtures/captures/corpus/', import.meta.url));

const isLabel = (name: string): name is Label => (LABELS as readonly string[]).includes(name);

/**
 * The cases of a corpus folder (`<root>/<label>/<case>.txt`, `root` ending in `/`), each path
 * `<prefix><label>/<case>.txt`: under test/fixtures/, or absolute (`alert-triage export`'s
 * output). Throws on a folder that is not a label.
 */
export const folderCases = (root: string, prefix: string): Case[] =>
  readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => {
      if (!isLabel(dir.name)) throw new Error(`corpus folder ${dir.name} is not a cause id`);
      const label = dir.name;
      return readdirSync(`${root}${label}`)
        .filter((file) => file.endsWith('.txt'))
        .sort()
        .map((file) => ({ path: `${prefix}${label}/${file}`, label }));
    });

/** Every corpus case and the seeds. Throws on a folder that is not a label. */
export const corpusCases = (): Case[] => [...folderCases(corpusRoot, 'captures/corpus/'), ...SEEDS];

/** Captures with no date are judged as of this time (process and instance ages). */
const NOW = '2026-11-22T09:15:00Z';

export const runCase = (c: Case): Outcome => {
  const text = isAbsolute(c.path) ? readFileSync(c.path, 'utf8') : loadFixture(c.path);
  const capture = readCapture(text);
  const triage = classify(capture, { now: NOW });
  return {
    ...c,
    predicted: triage.cause,
    confidence: triage.confidence,
    headline: triage.headline,
    blocks: capture.blocks.length,
    unread: capture.blocks.filter((b) => b.status !== 'parsed').length,
  };
};

export const recallOf = (outcomes: Outcome[], label: Label) => {
  const rows = outcomes.filter((o) => o.label === label);
  const right = rows.filter((o) => o.predicted === label).length;
  return { cases: rows.length, right, recall: rows.length > 0 ? right / rows.length : undefined };
};

/** Wrong and at least CONFIDENT: a problem called healthy, healthy called a problem, or a wrong cause. */
export const confidentWrong = (outcomes: Outcome[]): Outcome[] =>
  outcomes.filter(
    (o) => o.predicted !== o.label && o.predicted !== 'inconclusive' && o.confidence >= CONFIDENT,
  );

export const abstentions = (outcomes: Outcome[]): Outcome[] =>
  outcomes.filter((o) => o.predicted === 'inconclusive');

/** Cases where the reader found no block it could use. */
export const unreadable = (outcomes: Outcome[]): Outcome[] =>
  outcomes.filter((o) => o.blocks === o.unread);

const ratio = (n: number, of: number) => `${n}/${of} = ${of > 0 ? (n / of).toFixed(2) : '-'}`;

/** The report: confusion matrix (rows: the label, columns: what was named), totals, misses. */
export const renderReport = (outcomes: Outcome[]): string => {
  const short = (id: string) => id.replace('-process', '').replace('-exhaustion', '').slice(0, 12);
  const width = 13;
  const head = `${'label \\ named'.padEnd(18)}${COLUMNS.map((c) => short(c).padStart(width)).join('')}   recall`;
  const rows = LABELS.map((label) => {
    const counts = COLUMNS.map(
      (c) => outcomes.filter((o) => o.label === label && o.predicted === c).length,
    );
    const { cases, right, recall } = recallOf(outcomes, label);
    const recallText = recall === undefined ? '   -' : ratio(right, cases);
    return `${label.padEnd(18)}${counts.map((n) => String(n || '.').padStart(width)).join('')}   ${recallText}`;
  });
  const right = outcomes.filter((o) => o.predicted === o.label).length;
  const wrong = confidentWrong(outcomes);
  const misses = outcomes
    .filter((o) => o.predicted !== o.label)
    .map(
      (o) =>
        `  ${wrong.includes(o) ? '!' : ' '} ${o.path.replace('captures/', '')}: labelled ${o.label}, named ${o.predicted} (${o.confidence}) — ${o.headline}`,
    );
  return [
    head,
    ...rows,
    `accuracy          ${ratio(right, outcomes.length)}`,
    `confident-wrong   ${ratio(wrong.length, outcomes.length)} (wrong at confidence ≥ ${CONFIDENT}, marked !)`,
    `abstained         ${ratio(abstentions(outcomes).length, outcomes.length)} (inconclusive)`,
    `nothing read      ${ratio(unreadable(outcomes).length, outcomes.length)}`,
    ...(misses.length > 0 ? ['misclassified:', ...misses] : []),
  ].join('\n');
};
