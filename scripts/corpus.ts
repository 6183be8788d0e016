// `npm run corpus`: classifies every labelled capture and prints the confusion matrix, the
// confident-wrong count, the abstention rate and each miss. `--json` adds the outcomes as one
// JSON line at the end.
import {
  abstentions,
  confidentWrong,
  corpusCases,
  renderReport,
  runCase,
  unreadable,
} from '../test/helpers/corpus.js';

const outcomes = corpusCases().map(runCase);
process.stdout.write(`corpus: ${outcomes.length} captures\n${renderReport(outcomes)}\n`);
if (process.argv.includes('--json')) {
  const right = outcomes.filter((o) => o.predicted === o.label).length;
  const summary = {
    cases: outcomes.length,
    right,
    confidentWrong: confidentWrong(outcomes).length,
    abstained: abstentions(outcomes).length,
    nothingRead: unreadable(outcomes).length,
    outcomes: outcomes.map(({ path, label, predicted, confidence }) => ({
      path,
      label,
      predicted,
      confidence,
    })),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
