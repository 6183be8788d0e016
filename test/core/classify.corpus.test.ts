/**
 * Accuracy on a labelled corpus of captures: real outputs people posted with the cause known from
 * their thread, captures taken on the development machine (the capture script at quiet moments,
 * reproductions, `alert-triage demo --save` scenarios), and the seed incidents. The test
 * prints the confusion matrix (rows: the label, columns: the cause the classifier named) with each
 * class's recall, and fails when a class falls under its floor or a healthy capture is reported as
 * a problem with confidence. The floors are what the classifier achieved when they were set: raise
 * them as the rules improve, never lower them to make a change pass.
 *
 * Layout: `test/fixtures/captures/corpus/<label>/<case>.txt`, `<label>` a cause id; each file
 * starts with `# source:` lines (where it came from and what its thread concluded).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { type CauseId, PROBLEM_CAUSES } from '../../functions/core/diagnosis.js';
import { loadFixture } from '../helpers/fixtures.js';

/** A corpus label: a cause the classifier can name, or `healthy`. */
const LABELS = [...PROBLEM_CAUSES, 'healthy'] as const;
type Label = (typeof LABELS)[number];
const COLUMNS: readonly CauseId[] = [...LABELS, 'inconclusive'];

/** The seeds' captures, labelled by the cause their engineer found (shared/seeds/README.md). */
const SEEDS: { path: string; label: Label }[] = [
  { path: 'captures/seeds/seed-000-sick.txt', label: 'syscall-storm' },
  { path: 'captures/seeds/seed-000-healthy.txt', label: 'healthy' },
  { path: 'captures/seeds/seed-001-goroutine-spin.txt', label: 'runaway-process' },
  { path: 'captures/seeds/seed-002-gunicorn-leak-t3micro.txt', label: 'memory-creep' },
  { path: 'captures/seeds/seed-003-slow-leak-trend.txt', label: 'memory-creep' },
  { path: 'captures/seeds/seed-004-jit-after-deploy.txt', label: 'jit-warmup' },
];

/**
 * Recall floors, per label with at least MIN_CASES_FOR_FLOOR cases: what the classifier achieved
 * on this corpus on 2026-11-22 (38 captures), so a regression fails. A label with too few cases
 * for a floor (credit-exhaustion: no public capture found) keeps the 0.6 bar it must reach.
 */
const RECALL_FLOOR: Record<Label, number> = {
  'credit-exhaustion': 0.6,
  'syscall-storm': 1,
  'memory-creep': 1,
  'runaway-process': 1,
  'jit-warmup': 1,
  'io-wait': 0.8,
  'cpu-steal': 1,
  healthy: 0.75,
};
const MIN_CASES_FOR_FLOOR = 2;
/** A healthy capture may be called a problem only as a weak hint, at most this confident. */
const HEALTHY_FALSE_ALARM_MAX_CONFIDENCE = 0.5;
/** The share of all cases named right, at the same date as the floors (35/38). */
const ACCURACY_FLOOR = 0.92;

interface Outcome {
  path: string;
  label: Label;
  predicted: CauseId;
  confidence: number;
  headline: string;
}

const corpusRoot = fileURLToPath(new URL('../fixtures/captures/corpus/', import.meta.url));

const isLabel = (name: string): name is Label => (LABELS as readonly string[]).includes(name);

const corpusCases = (): { path: string; label: Label }[] =>
  readdirSync(corpusRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => {
      if (!isLabel(dir.name)) throw new Error(`corpus folder ${dir.name} is not a cause id`);
      const label = dir.name;
      return readdirSync(`${corpusRoot}${label}`)
        .filter((file) => file.endsWith('.txt'))
        .sort()
        .map((file) => ({ path: `captures/corpus/${label}/${file}`, label }));
    });

/** Captures with no date are judged as of this time (process and instance ages). */
const NOW = '2026-11-22T09:15:00Z';

const run = (c: { path: string; label: Label }): Outcome => {
  const triage = classify(readCapture(loadFixture(c.path)), { now: NOW });
  return {
    ...c,
    predicted: triage.cause,
    confidence: triage.confidence,
    headline: triage.headline,
  };
};

const recallOf = (outcomes: Outcome[], label: Label) => {
  const rows = outcomes.filter((o) => o.label === label);
  const right = rows.filter((o) => o.predicted === label).length;
  return { cases: rows.length, right, recall: rows.length > 0 ? right / rows.length : undefined };
};

/** The matrix as text: one row per label, one column per cause, then the recall. */
const renderMatrix = (outcomes: Outcome[]): string => {
  const short = (id: string) => id.replace('-process', '').replace('-exhaustion', '').slice(0, 12);
  const width = 13;
  const head = `${'label \\ named'.padEnd(18)}${COLUMNS.map((c) => short(c).padStart(width)).join('')}   recall`;
  const rows = LABELS.map((label) => {
    const counts = COLUMNS.map(
      (c) => outcomes.filter((o) => o.label === label && o.predicted === c).length,
    );
    const { cases, right, recall } = recallOf(outcomes, label);
    const recallText = recall === undefined ? '   -' : `${right}/${cases} = ${recall.toFixed(2)}`;
    return `${label.padEnd(18)}${counts.map((n) => String(n || '.').padStart(width)).join('')}   ${recallText}`;
  });
  const misses = outcomes
    .filter((o) => o.predicted !== o.label)
    .map(
      (o) =>
        `  ${o.path.replace('captures/', '')}: labelled ${o.label}, named ${o.predicted} (${o.confidence}) — ${o.headline}`,
    );
  const right = outcomes.filter((o) => o.predicted === o.label).length;
  return [
    head,
    ...rows,
    `accuracy ${right}/${outcomes.length} = ${(right / outcomes.length).toFixed(2)}`,
    ...(misses.length > 0 ? ['misclassified:', ...misses] : []),
  ].join('\n');
};

describe('classify on the labelled corpus', () => {
  let outcomes: Outcome[] = [];

  beforeAll(() => {
    outcomes = [...corpusCases(), ...SEEDS].map(run);
  });

  it('has at least 25 cases, each under a cause-id folder', () => {
    // Assess
    expect(outcomes.length).toBeGreaterThanOrEqual(25);
  });

  it('prints the confusion matrix with each class’s recall', () => {
    // Act
    const matrix = renderMatrix(outcomes);
    process.stdout.write(`\nconfusion matrix (${outcomes.length} captures)\n${matrix}\n`);

    // Assess
    expect(matrix.split('\n').length).toBeGreaterThan(LABELS.length);
  });

  it.each(LABELS)('keeps the recall of %s at or above its floor', (label) => {
    // Act
    const { cases, recall } = recallOf(outcomes, label);

    // Assess
    if (cases < MIN_CASES_FOR_FLOOR || recall === undefined) return;
    const misses = outcomes
      .filter((o) => o.label === label && o.predicted !== label)
      .map((o) => `${o.path} named ${o.predicted} (${o.confidence})`);
    expect(recall, `${label} missed: ${misses.join('; ')}`).toBeGreaterThanOrEqual(
      RECALL_FLOOR[label],
    );
  });

  it('keeps the share of captures named right at or above its floor', () => {
    // Act
    const right = outcomes.filter((o) => o.predicted === o.label).length;

    // Assess
    expect(right / outcomes.length).toBeGreaterThanOrEqual(ACCURACY_FLOOR);
  });

  it('never reports a healthy capture as a problem with confidence above 0.5', () => {
    // Act
    const alarms = outcomes.filter(
      (o) =>
        o.label === 'healthy' &&
        o.predicted !== 'healthy' &&
        o.predicted !== 'inconclusive' &&
        o.confidence > HEALTHY_FALSE_ALARM_MAX_CONFIDENCE,
    );

    // Assess
    expect(alarms.map((o) => `${o.path}: ${o.predicted} ${o.confidence}`)).toEqual([]);
  });
});
